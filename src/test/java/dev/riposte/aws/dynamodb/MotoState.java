package dev.riposte.aws.dynamodb;

import dev.riposte.state.MotoServer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The shared DynamoDB state of replicas for a test class, as a JUnit 5 extension: one {@link MotoServer} (started on
 * first use, stopped after the class), fresh tables as deploy/ defines them, and replicas' state backends and clients on
 * them, closed after each test. Register it with {@code @RegisterExtension static final MotoState moto = new
 * MotoState();}.
 */
public final class MotoState implements AfterEachCallback, AfterAllCallback {
    private MotoServer server;
    private final List<AutoCloseable> open = Collections.synchronizedList(new ArrayList<>());

    /** The server, started now if this is its first use. */
    public synchronized MotoServer server() {
        if (server == null) {
            server = MotoServer.start();
        }
        return server;
    }

    /** A fresh state table and its journal table ({@link MotoServer#createTable()}); returns the state table's name. */
    public String createTable() {
        return server().createTable();
    }

    /** One replica's state backend on {@code table}, with a client of its own as a separate process would have. */
    public DynamoStateBackend backend(String table) {
        return closedAfterTest(new DynamoStateBackend(server().client(), table));
    }

    /** A client of the server, to look into the tables beside the backends. */
    public DynamoDbClient client() {
        return closedAfterTest(server().client());
    }

    private <T extends AutoCloseable> T closedAfterTest(T c) {
        open.add(c);
        return c;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        List<AutoCloseable> all;
        synchronized (open) {
            all = new ArrayList<>(open);
            open.clear();
        }
        Collections.reverse(all);
        for (AutoCloseable c : all) {
            c.close();
        }
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
