package dev.riposte.state;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * A real DynamoDB API for tests: {@code moto_server} (moto in server mode, Python) started on a free port. Without
 * {@code moto_server} on the PATH the test fails, saying how to install it: a state test must never pass by not running.
 */
public final class MotoServer implements AutoCloseable {
    /**
     * moto_server's own app, but answering one request at a time: moto checks a condition and writes in two steps, so
     * with concurrent requests (moto_server's default) two conditional writes can both pass, which DynamoDB never allows.
     * Connections are still read in parallel, each on its own thread, and a request is read whole before it waits its
     * turn: with one thread for everything, a replica paused by {@code kill -STOP} in the middle of sending a request
     * stopped the server for every other replica (PartitionIT: the standby could not take the lease over).
     *
     * <p>And with transactions that cost what DynamoDB's do: moto 5.2.1 backs a {@code TransactWriteItems} up by
     * deep-copying every table it touches, once per item, so each fenced claim cost time in proportion to the whole state
     * table (measured: 75 ms a transaction with 300 items in the table, 375 ms with 3,000; the failover test's thousand
     * events slowed down as they went). Here the tables are kept by reference and only the items the transaction names
     * are saved, and written back (or deleted) when it is cancelled: the same all-or-nothing answer, 9 ms with 3,000
     * items. Safe because this server runs one request at a time.
     */
    private static final String SERVE = """
            import sys, copy, io, threading
            import moto.dynamodb.models as models
            from moto.dynamodb.models.table import Table
            from werkzeug.serving import run_simple
            from moto.server import DomainDispatcherApplication, create_backend_app

            class TablesByReference:
                @staticmethod
                def deepcopy(x, memo=None):
                    return x if isinstance(x, Table) else copy.deepcopy(x, memo)

            models.copy = TablesByReference  # the module's only deep copy of a table is the transaction's backup
            transact = models.DynamoDBBackend.transact_write_items

            def transact_saving_items(self, transact_items):
                saved = []
                for it in transact_items:
                    for kind, op in it.items():
                        table = self.tables.get(op.get('TableName'))
                        if table is None:
                            continue
                        if kind == 'Put':
                            names = (table.hash_key_attr, table.range_key_attr)
                            key = {a: op['Item'][a] for a in names if a and a in op['Item']}
                        else:
                            key = op.get('Key')
                        if key:
                            before = self.get_item(table.name, key)
                            saved.append((table.name, key, None if before is None else before.to_json()['Attributes']))
                try:
                    return transact(self, transact_items)
                except Exception:
                    for name, key, before in reversed(saved):
                        if before is None:
                            self.delete_item(name, key)
                        else:
                            self.put_item(name, before)
                    raise

            models.DynamoDBBackend.transact_write_items = transact_saving_items
            app = DomainDispatcherApplication(create_backend_app)
            one_at_a_time = threading.Lock()

            def serialized(environ, start_response):
                # the body is read before the lock: a client paused half-way through its request (kill -STOP) holds
                # up its own connection's thread only, as with DynamoDB, not every other client
                length = int(environ.get('CONTENT_LENGTH') or 0)
                environ['wsgi.input'] = io.BytesIO(environ['wsgi.input'].read(length) if length else b'')
                with one_at_a_time:
                    return list(app(environ, start_response))

            run_simple('127.0.0.1', int(sys.argv[1]), serialized, threaded=True)
            """;

    private final Process process;
    private final int port;

    private MotoServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static MotoServer start() {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return startOn(port);
    }

    /** On {@code port}: a server stopped and started again where its clients expect it (it comes back empty). */
    public static MotoServer startOn(int port) {
        Process p;
        Path log;
        try {
            log = Files.createTempFile("moto", ".log");
            p = new ProcessBuilder("python3", "-c", SERVE, Integer.toString(port))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new AssertionError(
                    "moto (python3 -m pip install 'moto[server]==5.2.1') is needed for the DynamoDB state tests and could not be started ("
                            + e.getMessage() + "); install it with: pip install 'moto[server]==5.2.1'",
                    e);
        }
        MotoServer m = new MotoServer(p, port);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            if (!p.isAlive()) {
                throw new AssertionError("moto exited with " + p.exitValue()
                        + " (is it installed for python3? pip install 'moto[server]==5.2.1'); see " + log);
            }
            try {
                HttpURLConnection c = (HttpURLConnection) m.endpoint().toURL().openConnection();
                c.setConnectTimeout(200);
                c.getResponseCode();
                return m;
            } catch (IOException e) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        m.close();
        throw new AssertionError("moto_server did not answer on port " + port + " within 30 s");
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    /** A new client of this server (each test replica gets its own, as separate processes would). */
    public DynamoDbClient client() {
        return DynamoDbClient.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /**
     * Creates a state table as deploy/ does (partition key {@code id}, on demand) with a fresh name, and its correlation
     * journal's table beside it ({@link #createJournalTable}, named as the backend expects by default), and returns the
     * state table's name.
     */
    public String createTable() {
        return createTable("riposte-state-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** Creates the state table {@code name}. */
    public String createTable(String name) {
        try (DynamoDbClient db = client()) {
            db.createTable(b -> b.tableName(name)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder()
                            .attributeName("id")
                            .attributeType(ScalarAttributeType.S)
                            .build())
                    .keySchema(KeySchemaElement.builder()
                            .attributeName("id")
                            .keyType(KeyType.HASH)
                            .build()));
            db.updateTimeToLive(b -> b.tableName(name)
                    .timeToLiveSpecification(t -> t.attributeName("expiry").enabled(true)));
        }
        createJournalTable(name + "-journal");
        return name;
    }

    /**
     * Creates the correlation journal's table as deploy/ does (partition key {@code stream}, sort key {@code seq},
     * on demand, TTL on {@code expiry}) under {@code name}: by default the state table's name and {@code -journal}.
     */
    public String createJournalTable(String name) {
        try (DynamoDbClient db = client()) {
            if (db.listTables().tableNames().contains(name)) {
                return name; // createTable made it already
            }
            db.createTable(b -> b.tableName(name)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                            AttributeDefinition.builder()
                                    .attributeName("stream")
                                    .attributeType(ScalarAttributeType.S)
                                    .build(),
                            AttributeDefinition.builder()
                                    .attributeName("seq")
                                    .attributeType(ScalarAttributeType.S)
                                    .build())
                    .keySchema(
                            KeySchemaElement.builder()
                                    .attributeName("stream")
                                    .keyType(KeyType.HASH)
                                    .build(),
                            KeySchemaElement.builder()
                                    .attributeName("seq")
                                    .keyType(KeyType.RANGE)
                                    .build()));
            db.updateTimeToLive(b -> b.tableName(name)
                    .timeToLiveSpecification(t -> t.attributeName("expiry").enabled(true)));
        }
        return name;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
