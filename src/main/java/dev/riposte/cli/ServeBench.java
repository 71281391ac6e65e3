package dev.riposte.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riposte.replay.Benchmark;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code riposte bench --serve}: starts {@code riposte serve} from the same jar in its own JVM, live (or dry-run)
 * against a local {@link AwsStandIn}, once with investigation off and once on, and drives it with concurrent clients
 * posting the bench's mixed events one per request to {@code POST /events}. {@code POST /events} answers only once its
 * event was investigated, decided, carried out (or planned) and audited, so the round trip of each request is the
 * event's whole decision path; the bench prints its events/s and percentiles, the answers, the decisions (from the
 * audit log) and what the server measured itself (its processing time, rate-limit waits, AWS calls).
 */
final class ServeBench {
    /** The goal of issue 18 (4b) with investigation off, on a 2-core machine. */
    static final double GOAL_EVENTS_PER_SECOND = 500;

    static final Duration GOAL_P99 = Duration.ofMillis(50);

    record Settings(
            int events,
            int warmup,
            int clients,
            Duration awsLatency,
            boolean dryRun,
            List<Boolean> investigation,
            Path jfr,
            List<String> jvmOptions) {}

    /**
     * One run's numbers: latencies in nanoseconds, sorted; {@code slowest} the indexes (into the posted bodies) of the
     * requests above the 99th percentile.
     */
    record Load(long[] nanos, long wallNanos, Map<Integer, Integer> statuses, List<Integer> slowest) {
        double eventsPerSecond() {
            return nanos.length / (wallNanos / 1e9);
        }

        /** Nearest-rank percentile, in milliseconds. */
        double percentileMs(double p) {
            int rank = (int) Math.ceil(p / 100 * nanos.length);
            return nanos[Math.max(0, Math.min(nanos.length - 1, rank - 1))] / 1e6;
        }
    }

    private final Settings settings;
    private final PrintWriter out;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    ServeBench(Settings settings, PrintWriter out) {
        this.settings = settings;
        this.out = out;
    }

    /** @return 0, or 1 when a serve process did not come up or failed (its log's end is printed) */
    int run() throws IOException, InterruptedException {
        Path jar = ownJar();
        out.printf(
                Locale.ROOT,
                "serve load: %,d events (after %,d to warm up) from %d concurrent clients, one event per POST /events, "
                        + "%s against a local AWS stand-in (%d ms a call); %d cores, load average %s%n",
                settings.events(),
                settings.warmup(),
                settings.clients(),
                settings.dryRun() ? "dry-run" : "live",
                settings.awsLatency().toMillis(),
                Runtime.getRuntime().availableProcessors(),
                loadAverage());
        out.flush();
        int status = 0;
        try (AwsStandIn aws = AwsStandIn.start(settings.awsLatency())) {
            for (boolean investigate : settings.investigation()) {
                Path dir = Files.createTempDirectory("riposte-bench-serve");
                try {
                    status = Math.max(status, once(jar, aws, dir, investigate));
                } finally {
                    Benchmark.delete(dir);
                }
            }
        }
        return status;
    }

    private int once(Path jar, AwsStandIn aws, Path dir, boolean investigate) throws IOException, InterruptedException {
        String name = "investigation " + (investigate ? "on" : "off");
        int port = freePort();
        int management = freePort();
        Path audit = dir.resolve("audit.jsonl");
        Path log = dir.resolve("serve.log");
        List<String> cmd = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(settings.jvmOptions());
        if (settings.jfr() != null) {
            Files.createDirectories(settings.jfr());
            Path recording = settings.jfr().resolve("serve-investigation-" + (investigate ? "on" : "off") + ".jfr");
            cmd.add("-XX:StartFlightRecording=settings=profile,filename=" + recording.toAbsolutePath());
        }
        cmd.addAll(List.of(
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.port=" + management,
                "-Dquarkus.http.host=127.0.0.1", // live ingest without a token is allowed on loopback only
                "-Driposte.dry-run=" + settings.dryRun(),
                "-Driposte.investigate.enabled=" + investigate,
                "-Driposte.aws.endpoint-override=" + aws.endpoint(),
                "-Driposte.aws.region=us-east-1",
                "-Daws.region=us-east-1",
                "-Daws.accessKeyId=AKIDBENCHSTANDIN",
                "-Daws.secretAccessKey=not-a-secret",
                "-Driposte.audit.file=" + audit,
                "-Driposte.state.dir=" + dir.resolve("state"),
                "-Driposte.reports.dir=" + dir.resolve("reports"),
                "-jar",
                jar.toString(),
                "serve"));
        Process serve = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            URI events = URI.create("http://127.0.0.1:" + port + "/events");
            URI metrics = URI.create("http://127.0.0.1:" + management + "/q/metrics");
            if (!ready(serve, URI.create("http://127.0.0.1:" + management + "/q/health/ready"))) {
                out.println(name + ": serve did not come up; the end of its log (" + log + "):");
                tail(log).forEach(out::println);
                return 1;
            }
            List<String> bodies = Benchmark.liveEvents(settings.warmup() + settings.events(), Instant.now(), 42);
            load(events, bodies.subList(0, settings.warmup()));
            Map<String, Double> before = scrape(metrics);
            Map<String, Long> callsBefore = aws.calls();
            long auditFrom = Files.exists(audit) ? Files.size(audit) : 0;
            List<String> measured = bodies.subList(settings.warmup(), bodies.size());
            Load l = load(events, measured);
            Map<String, Double> after = scrape(metrics);
            print(name, l, investigate);
            Map<String, Long> waited = new TreeMap<>();
            Set<String> slowIds =
                    quotedStrings(l.slowest().stream().map(measured::get).toList());
            Map<String, Long> slow = new TreeMap<>();
            out.println("  decisions: " + counts(outcomes(audit, auditFrom, waited, slowIds, slow)));
            if (!slow.isEmpty()) {
                out.println("  the slowest 1% (" + l.slowest().size() + " events) decided: " + counts(slow));
            }
            if (!waited.isEmpty()) {
                out.println("  waited for rate-limit tokens (ms in all, by action): " + counts(waited));
            }
            double processed = delta(after, before, "riposte_event_processing_seconds_count");
            double waits = delta(after, before, "riposte_rate_limit_wait_seconds_count");
            out.printf(
                    Locale.ROOT,
                    "  server: %,.0f facts processed, mean %.1f ms each (riposte_event_processing_seconds); "
                            + "%,.0f rate-limit waits, %.1f s in all%n",
                    processed,
                    processed == 0
                            ? 0
                            : delta(after, before, "riposte_event_processing_seconds_sum") / processed * 1000,
                    waits,
                    delta(after, before, "riposte_rate_limit_wait_seconds_sum"));
            Map<String, Long> calls = new TreeMap<>();
            aws.calls().forEach((k, v) -> {
                long d = v - callsBefore.getOrDefault(k, 0L);
                if (d > 0) {
                    calls.put(k, d);
                }
            });
            out.println("  AWS calls: "
                    + calls.values().stream().mapToLong(Long::longValue).sum()
                    + (calls.isEmpty() ? "" : " (" + counts(calls) + ")"));
            out.flush();
            return 0;
        } finally {
            serve.destroy();
            if (!serve.waitFor(60, TimeUnit.SECONDS)) {
                serve.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private void print(String name, Load l, boolean investigate) {
        boolean met = investigate
                ? l.percentileMs(99) < 10_000 // riposte.investigate.timeout, the investigation's time box
                : l.eventsPerSecond() >= GOAL_EVENTS_PER_SECOND && l.percentileMs(99) < GOAL_P99.toMillis();
        out.printf(
                Locale.ROOT,
                "%-18s %,8d events %7.1f s %,8.0f events/s   POST /events p50 %s  p95 %s  p99 %s  max %s   (goal: %s, %s)%n",
                name,
                l.nanos().length,
                l.wallNanos() / 1e9,
                l.eventsPerSecond(),
                ms(l.percentileMs(50)),
                ms(l.percentileMs(95)),
                ms(l.percentileMs(99)),
                ms(l.nanos()[l.nanos().length - 1] / 1e6),
                investigate
                        ? "p99 within the investigation's time box, riposte.investigate.timeout 10 s"
                        : ">= 500 events/s and p99 < 50 ms",
                met ? "met" : "NOT met");
        out.println("  answers: "
                + l.statuses().entrySet().stream()
                        .map(e -> (e.getKey() < 0 ? "no answer" : "HTTP " + e.getKey()) + " x" + e.getValue())
                        .collect(Collectors.joining(", ")));
    }

    private static String ms(double ms) {
        return ms >= 1000 ? String.format(Locale.ROOT, "%.2f s", ms / 1000) : String.format(Locale.ROOT, "%.1f ms", ms);
    }

    /** {@code bodies} posted by {@code clients} threads, each sending its next body as soon as the last is answered. */
    Load load(URI events, List<String> bodies) throws InterruptedException {
        int n = bodies.size();
        long[] nanos = new long[n];
        int[] status = new int[n];
        AtomicInteger next = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < settings.clients(); c++) {
            Thread t = new Thread(
                    () -> {
                        try {
                            go.await();
                        } catch (InterruptedException e) {
                            return;
                        }
                        for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                            HttpRequest req = HttpRequest.newBuilder(events)
                                    .timeout(Duration.ofSeconds(60))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(bodies.get(i)))
                                    .build();
                            long t0 = System.nanoTime();
                            try {
                                status[i] = http.send(req, HttpResponse.BodyHandlers.discarding())
                                        .statusCode();
                            } catch (IOException e) {
                                status[i] = -1;
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                return;
                            }
                            nanos[i] = System.nanoTime() - t0;
                        }
                    },
                    "bench-client-" + c);
            threads.add(t);
            t.start();
        }
        long start = System.nanoTime();
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        long wall = System.nanoTime() - start;
        long[] byIndex = nanos.clone();
        Arrays.sort(nanos);
        long p99 = nanos[Math.max(0, (int) Math.ceil(0.99 * n) - 1)];
        List<Integer> slowest = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (byIndex[i] > p99) {
                slowest.add(i);
            }
        }
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (int s : status) {
            statuses.merge(s, 1, Integer::sum);
        }
        return new Load(nanos, wall, statuses, slowest);
    }

    private boolean ready(Process serve, URI health) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline && serve.isAlive()) {
            try {
                if (http.send(
                                        HttpRequest.newBuilder(health)
                                                .timeout(Duration.ofSeconds(5))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return true;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        return false;
    }

    /** Counters and sums of the Prometheus text, summed over their tags. */
    private Map<String, Double> scrape(URI metrics) throws InterruptedException {
        Map<String, Double> m = new TreeMap<>();
        try {
            String text = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString())
                    .body();
            for (String line : text.split("\n")) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                int brace = line.indexOf('{');
                int space = line.lastIndexOf(' ');
                String key = line.substring(0, brace > 0 ? brace : line.indexOf(' '));
                try {
                    m.merge(key, Double.parseDouble(line.substring(space + 1)), Double::sum);
                } catch (NumberFormatException ignored) {
                    // NaN and the like: not a count
                }
            }
        } catch (IOException e) {
            out.println("  (metrics not read: " + e.getMessage() + ")");
        }
        return m;
    }

    private static double delta(Map<String, Double> after, Map<String, Double> before, String key) {
        return after.getOrDefault(key, 0.0) - before.getOrDefault(key, 0.0);
    }

    /**
     * Decisions by outcome in the audit log from byte {@code from} on (what the measured events decided); the decisions
     * about an event whose id is in {@code slowIds} are also counted into {@code slow} by action and outcome.
     */
    private Map<String, Long> outcomes(
            Path audit, long from, Map<String, Long> waited, Set<String> slowIds, Map<String, Long> slow)
            throws IOException {
        Map<String, Long> counts = new TreeMap<>();
        if (!Files.exists(audit)) {
            return counts;
        }
        byte[] bytes;
        try (RandomAccessFile f = new RandomAccessFile(audit.toFile(), "r")) {
            f.seek(from);
            bytes = new byte[(int) (f.length() - from)];
            f.readFully(bytes);
        }
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                JsonNode r = json.readTree(line);
                counts.merge(r.path("outcome").asText("?"), 1L, Long::sum);
                if (slowIds.contains(r.path("eventId").asText())) {
                    slow.merge(
                            (r.hasNonNull("action") ? r.get("action").asText() + " " : "")
                                    + r.path("outcome").asText("?"),
                            1L,
                            Long::sum);
                }
                long wait = r.path("rateLimitWaitMs").asLong(0);
                if (wait > 0) {
                    waited.merge(r.path("action").asText("?"), wait, Long::sum);
                }
            }
        }
        return counts;
    }

    /** Every JSON string value in {@code bodies}: the ids their events are audited under are among them. */
    private Set<String> quotedStrings(List<String> bodies) throws IOException {
        Set<String> strings = new HashSet<>();
        for (String b : bodies) {
            collect(json.readTree(b), strings);
        }
        return strings;
    }

    private static void collect(JsonNode n, Set<String> into) {
        if (n.isTextual()) {
            into.add(n.asText());
        }
        n.forEach(c -> collect(c, into));
    }

    private static String counts(Map<String, Long> counts) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static List<String> tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return List.of("(no log)");
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return lines.subList(Math.max(0, lines.size() - 30), lines.size());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String loadAverage() {
        try (Stream<String> l = Files.lines(Path.of("/proc/loadavg"))) {
            return l.findFirst()
                    .map(s -> String.join(" ", Arrays.copyOf(s.split(" "), 3)))
                    .orElse("?");
        } catch (IOException | RuntimeException e) {
            return String.format(
                    Locale.ROOT,
                    "%.2f",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    /** The packaged jar this JVM runs ({@code java -jar .../quarkus-run.jar}): serve starts from the same one. */
    static Path ownJar() {
        String cp = System.getProperty("java.class.path", "");
        Path jar = Path.of(cp.split(File.pathSeparator)[0]);
        if (!cp.endsWith(".jar") || !Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    "bench --serve starts serve from the packaged jar: run it as ./riposte bench --serve "
                            + "(after ./mvnw -q package -DskipTests)");
        }
        return jar;
    }
}
