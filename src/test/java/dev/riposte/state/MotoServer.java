package dev.riposte.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;

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

    /** deploy/'s stack template, whose DynamoDB tables the tests create (tests run in the project's folder). */
    private static final Path TEMPLATE = Path.of("deploy/cloudformation/riposte.json");

    private static final JsonNode STACK = readStack();

    /**
     * A table's properties in the template that are applied, or that change nothing a test against moto can see
     * (encryption at rest, point-in-time recovery); any other fails the test rather than be left out unnoticed.
     */
    private static final Set<String> TABLE_PROPERTIES = Set.of(
            "TableName",
            "BillingMode",
            "AttributeDefinitions",
            "KeySchema",
            "TimeToLiveSpecification",
            "SSESpecification",
            "PointInTimeRecoverySpecification");

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
     * Creates the stack's DynamoDB tables as deploy/ defines them, the state table under a fresh name (the correlation
     * journal's beside it, named as the backend expects by default), and returns the state table's name.
     */
    public String createTable() {
        return createTable("riposte-state-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /**
     * Creates every {@code AWS::DynamoDB::Table} of deploy/'s stack template with {@code StateTableName} set to
     * {@code name}: the template is the one definition of the tables (keys, billing, TTL), so what the tests run on is
     * what is deployed.
     */
    public String createTable(String name) {
        try (DynamoDbClient db = client()) {
            for (JsonNode resource : STACK.path("Resources")) {
                if ("AWS::DynamoDB::Table".equals(resource.path("Type").asText())) {
                    createTable(db, resource.path("Properties"), name);
                }
            }
        }
        return name;
    }

    private static void createTable(DynamoDbClient db, JsonNode p, String stateTableName) {
        p.fieldNames().forEachRemaining(f -> {
            if (!TABLE_PROPERTIES.contains(f)) {
                throw new AssertionError(TEMPLATE + " gives a table " + f + ", which MotoServer does not apply yet:"
                        + " teach it, or the tests run on tables unlike the deployed ones");
            }
        });
        String name = tableName(p.path("TableName"), stateTableName);
        List<AttributeDefinition> attributes = new ArrayList<>();
        p.path("AttributeDefinitions")
                .forEach(a -> attributes.add(AttributeDefinition.builder()
                        .attributeName(a.path("AttributeName").asText())
                        .attributeType(a.path("AttributeType").asText())
                        .build()));
        List<KeySchemaElement> keys = new ArrayList<>();
        p.path("KeySchema")
                .forEach(k -> keys.add(KeySchemaElement.builder()
                        .attributeName(k.path("AttributeName").asText())
                        .keyType(k.path("KeyType").asText())
                        .build()));
        db.createTable(b -> b.tableName(name)
                .billingMode(p.path("BillingMode").asText())
                .attributeDefinitions(attributes)
                .keySchema(keys));
        JsonNode ttl = p.path("TimeToLiveSpecification");
        if (ttl.path("Enabled").asBoolean(false)) {
            db.updateTimeToLive(b -> b.tableName(name)
                    .timeToLiveSpecification(t ->
                            t.attributeName(ttl.path("AttributeName").asText()).enabled(true)));
        }
    }

    /** The template's {@code TableName}: {@code {"Ref": "StateTableName"}} or an {@code Fn::Sub} of it. */
    private static String tableName(JsonNode tableName, String stateTableName) {
        if ("StateTableName".equals(tableName.path("Ref").asText())) {
            return stateTableName;
        }
        if (tableName.path("Fn::Sub").isTextual()) {
            return tableName.path("Fn::Sub").asText().replace("${StateTableName}", stateTableName);
        }
        throw new AssertionError(TEMPLATE + ": a table named " + tableName + ", not from StateTableName");
    }

    private static JsonNode readStack() {
        try {
            return new ObjectMapper().readTree(TEMPLATE.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
