package dev.riposte.cli;

import dev.riposte.source.sqs.ElasticMq;
import dev.riposte.state.MotoServer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What {@code serve} replicas of the packaged jar share in the failover ITs: moto_server with the stack's tables (state
 * and correlation journal, as deploy/ defines them) and a queue on ElasticMQ in the test JVM; and the settings that put
 * a replica on them.
 */
record SharedServices(MotoServer moto, String table, ElasticMq sqs, String queueUrl) implements AutoCloseable {

    /** Starts both; {@code queue} creates the replicas' queue on ElasticMQ and returns its URL. */
    static SharedServices start(Function<ElasticMq, String> queue) {
        MotoServer moto = MotoServer.start();
        try {
            ElasticMq sqs = ElasticMq.onFreePort();
            return new SharedServices(moto, moto.createTable(), sqs, queue.apply(sqs));
        } catch (RuntimeException | Error e) {
            moto.close();
            throw e;
        }
    }

    /** {@code -D} settings of a replica: the DynamoDB state on {@code table} with {@code lease}, and the queue. */
    List<String> props(String lease) {
        List<String> props = new ArrayList<>(stateProps(moto, table, lease));
        props.addAll(List.of(
                "-Dmp.messaging.incoming.events.queue.url=" + queueUrl,
                "-Dmp.messaging.incoming.events.endpoint-override=" + sqs.endpoint(),
                "-Dmp.messaging.incoming.events.region=us-east-1",
                "-Dmp.messaging.incoming.events.wait-time-seconds=1"));
        return props;
    }

    /** {@code -D} settings of a replica whose state is {@code table} on {@code moto}, with rules lease period {@code lease}. */
    static List<String> stateProps(MotoServer moto, String table, String lease) {
        return List.of(
                "-Driposte.state.backend=dynamodb",
                "-Driposte.state.dynamodb.table=" + table,
                "-Driposte.state.dynamodb.endpoint=" + moto.endpoint(),
                "-Driposte.state.dynamodb.region=us-east-1",
                "-Driposte.state.lease-period=" + lease);
    }

    /** Messages the replicas have not consumed yet. */
    long depth() {
        return sqs.depth(queueUrl);
    }

    void send(String body) {
        sqs.send(queueUrl, body);
    }

    @Override
    public void close() {
        sqs.close();
        moto.close();
    }
}
