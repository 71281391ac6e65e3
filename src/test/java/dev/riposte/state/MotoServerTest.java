package dev.riposte.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The test DynamoDB behaves like DynamoDB where the failover tests depend on it. */
class MotoServerTest {

    /** A replica paused (kill -STOP) half-way through sending a request holds up its own request, nobody else's. */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // the old single-threaded server never answered
    void aClientStuckHalfWayThroughItsRequestDoesNotStopTheOthers() throws Exception {
        try (MotoServer moto = MotoServer.start();
                Socket stuck = new Socket("127.0.0.1", moto.port())) {
            String table = moto.createTable();
            OutputStream out = stuck.getOutputStream();
            out.write(("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.0\r\n"
                            + "X-Amz-Target: DynamoDB_20120810.DescribeTable\r\nContent-Length: 40\r\n\r\n{\"TableName\":")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();

            assertThat(moto.client()
                            .describeTable(r -> r.tableName(table))
                            .table()
                            .tableName())
                    .isEqualTo(table);
        }
    }
}
