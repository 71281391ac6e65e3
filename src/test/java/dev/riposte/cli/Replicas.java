package dev.riposte.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Several {@code riposte serve} processes of the packaged jar sharing what replicas share in production: one DynamoDB
 * (moto_server) state table, one SQS queue (ElasticMQ in this JVM) and one EC2 ({@link Ec2Fleet}, each replica signing with
 * its own access key). Each start of a replica is an incarnation with its own audit file, so the test knows who decided what.
 */
final class Replicas implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Above the default's third: on a 2-core machine shared with other builds a 3 s lease's heartbeat can starve. */
    static final String LEASE = "5s";

    final Path dir;
    final SharedServices shared = SharedServices.start(sqs -> sqs.createQueue("events", 5, 50));
    final Ec2Fleet ec2 = new Ec2Fleet();
    private final List<String> extraProps;
    final List<Replica> started = new ArrayList<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** One process: {@code name} is the replica (its EC2 access key), {@code id} the incarnation (a1, a2...). */
    final class Replica {
        final String name;
        final String id;
        final Process process;
        final int management;
        final Path audit;
        final Path log;

        Replica(String name, String id, Process process, int management, Path audit, Path log) {
            this.name = name;
            this.id = id;
            this.process = process;
            this.management = management;
            this.audit = audit;
            this.log = log;
        }

        long pid() {
            return process.pid();
        }

        /** The readiness check's data of the rules check, or empty while it does not answer. */
        Optional<JsonNode> rules() {
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management + "/q/health/ready"))
                                .timeout(Duration.ofSeconds(2))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                for (JsonNode c : JSON.readTree(r.body()).path("checks")) {
                    if ("rules".equals(c.path("name").asText())) {
                        return Optional.of(c.path("data"));
                    }
                }
                return Optional.empty();
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }

        boolean owner() {
            return rules().map(d -> "owner".equals(d.path("role").asText())).orElse(false);
        }

        boolean ready() {
            return rules().map(d -> d.has("role")).orElse(false);
        }

        /** Its audit records; a line cut short by kill -9 is left out (and counted by {@link #tornLines}). */
        List<JsonNode> decisions() {
            List<JsonNode> out = new ArrayList<>();
            for (String line : lines()) {
                try {
                    out.add(JSON.readTree(line));
                } catch (IOException e) {
                    // the last line of a killed process may be incomplete
                }
            }
            return out;
        }

        long tornLines() {
            return lines().size() - decisions().size();
        }

        private List<String> lines() {
            try {
                return Files.exists(audit) ? Files.readAllLines(audit) : List.of();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        String logTail() {
            try {
                List<String> l = Files.readAllLines(log);
                return String.join("\n", l.subList(Math.max(0, l.size() - 40), l.size()));
            } catch (IOException e) {
                return "(no log: " + e.getMessage() + ")";
            }
        }

        void kill9() {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void signal(String sig) throws IOException, InterruptedException {
            Process k = new ProcessBuilder("kill", "-" + sig, Long.toString(pid()))
                    .inheritIO()
                    .start();
            if (!k.waitFor(10, TimeUnit.SECONDS) || k.exitValue() != 0) {
                throw new IllegalStateException("kill -" + sig + " " + pid() + " failed");
            }
        }

        @Override
        public String toString() {
            return id + " (pid " + pid() + ")";
        }
    }

    /**
     * @param extraProps more {@code -D} settings for every replica (breaker limit, visibility...)
     */
    Replicas(Path dir, List<String> extraProps) throws IOException {
        if (Files.exists(dir)) { // the last run's files, kept for a look after it: not this run's
            try (var old = Files.walk(dir)) {
                old.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        this.dir = Files.createDirectories(dir);
        // a test JVM stopped from outside (a timeout) leaves no replica or moto behind
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            started.forEach(r -> r.process.destroyForcibly());
                            shared.moto().close();
                        },
                        "replicas-cleanup"));
        this.extraProps = List.copyOf(extraProps);
        // only the isolation rule: each event is one command, and the EC2 journal shows its calls alone
        Path rules = Files.createDirectories(dir.resolve("rules/guardduty"));
        Files.copy(
                Path.of("src/main/resources/rules/guardduty/ec2-compromise.drl"), rules.resolve("ec2-compromise.drl"));
    }

    /** Starts an incarnation of {@code name} (not waiting for it). */
    Replica start(String name) throws IOException {
        int port = freePort();
        int management = freePort();
        String id = name + (started.stream().filter(r -> r.name.equals(name)).count() + 1);
        Path audit = dir.resolve("audit-" + id + ".jsonl");
        Path log = dir.resolve("log-" + id + ".txt");
        List<String> props = new ArrayList<>(List.of(
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.port=" + management,
                "-Dquarkus.http.host=127.0.0.1",
                "-Driposte.dry-run=false",
                "-Driposte.aws.endpoint-override=" + ec2.endpoint(),
                "-Driposte.aws.region=us-east-1",
                "-Daws.accessKeyId=" + Ec2Fleet.accessKey(name),
                "-Daws.secretAccessKey=not-a-secret",
                "-Daws.region=us-east-1",
                "-Driposte.investigate.enabled=false",
                "-Driposte.guard.cooldown=0s",
                "-Driposte.rate-limit.enabled=false",
                "-Driposte.rules.dir=" + dir.resolve("rules"),
                "-Driposte.audit.file=" + audit,
                "-Driposte.state.dir=" + dir.resolve("state-" + id),
                "-Driposte.reports.dir=" + dir.resolve("reports"),
                // a command whose owner died mid-call is found interrupted after this, not after the default 2 minutes
                "-Driposte.idempotency.in-progress-expiry=8s",
                "-Driposte.sqs.retry.initial-delay=2s",
                "-Driposte.sqs.retry.max-delay=4s",
                "-Driposte.sqs.shutdown.grace=5s"));
        props.addAll(shared.props(LEASE));
        props.addAll(extraProps);
        Process p = Riposte.builder(props, "serve")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Replica r = new Replica(name, id, p, management, audit, log);
        started.add(r);
        return r;
    }

    void awaitReady(Replica r) throws InterruptedException {
        Riposte.waitUntil(
                () -> {
                    if (!r.process.isAlive()) {
                        throw new AssertionError(r + " exited with " + r.process.exitValue() + ":\n" + r.logTail());
                    }
                    return r.ready();
                },
                r + " did not come up:\n" + r.logTail());
    }

    /**
     * A GuardDuty finding (the Tor client sample) about instance {@link Ec2Fleet#instance}(n) in its own VPC: the built-in
     * rule isolates it.
     */
    static String finding(String template, int n) throws IOException {
        ObjectNode e = (ObjectNode) JSON.readTree(template);
        String instance = Ec2Fleet.instance(n);
        String suffix = instance.substring(2);
        e.put("id", String.format("f0000000-0000-4000-8000-%012x", n));
        e.put("time", Instant.now().toString());
        ObjectNode d = (ObjectNode) e.get("detail");
        d.put("id", "finding" + suffix);
        d.put(
                "arn",
                "arn:aws:guardduty:us-east-1:111122223333:detector/12abc34d567e8fa901bc2d34e56789f0/finding/finding"
                        + suffix);
        d.put("updatedAt", Instant.now().toString());
        ObjectNode details = (ObjectNode) d.path("resource").path("instanceDetails");
        details.put("instanceId", instance);
        ObjectNode ni = (ObjectNode) ((ArrayNode) details.get("networkInterfaces")).get(0);
        ni.put("networkInterfaceId", "eni-" + suffix);
        ni.put("vpcId", "vpc-" + suffix);
        return JSON.writeValueAsString(e);
    }

    static String template() throws IOException {
        return Files.readString(Path.of("samples/guardduty/ec2-tor-client/event.json"));
    }

    /** Sends findings {@code from} (inclusive) to {@code to} (exclusive), ten to a batch. */
    void send(String template, int from, int to) throws IOException {
        List<String> bodies = new ArrayList<>();
        for (int i = from; i < to; i++) {
            bodies.add(finding(template, i));
        }
        shared.sqs().sendAll(shared.queueUrl(), bodies);
    }

    /** Messages not consumed yet: visible, in flight or delayed. */
    long depth() {
        return shared.depth();
    }

    /** Every isolation record of every incarnation. */
    List<JsonNode> isolations() {
        List<JsonNode> out = new ArrayList<>();
        for (Replica r : started) {
            r.decisions().stream()
                    .filter(d -> "ec2:isolate-instance".equals(d.path("action").asText(null)))
                    .forEach(out::add);
        }
        return out;
    }

    String logs() {
        StringBuilder b = new StringBuilder();
        for (Replica r : started) {
            b.append("---- ")
                    .append(r)
                    .append(" alive=")
                    .append(r.process.isAlive())
                    .append('\n')
                    .append(r.logTail())
                    .append('\n');
        }
        return b.toString();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        for (Replica r : started) {
            if (r.process.isAlive()) {
                try {
                    r.signal("CONT"); // a paused process cannot even die of SIGTERM
                } catch (IOException | RuntimeException | InterruptedException e) {
                    // it went away meanwhile
                }
                r.process.destroyForcibly();
            }
        }
        ec2.close();
        shared.close();
    }
}
