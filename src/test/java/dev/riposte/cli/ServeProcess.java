package dev.riposte.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One {@code riposte serve} of the packaged jar for the *IT tests: HTTP and management ports picked free, bound to
 * loopback, its output in {@code <dir>/<name>-out.txt} and {@code -err.txt}; HTTP to it, and a stop (SIGTERM) or a
 * {@code kill -9}.
 */
final class ServeProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    final Process process;
    final int port;
    final int managementPort;
    final Path out;
    final Path err;

    private ServeProcess(String name, Process process, int port, int managementPort, Path out, Path err) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
        this.out = out;
        this.err = err;
    }

    /**
     * Starts {@code serve} with {@code props} ({@code -D...}; the ports are added, and loopback unless {@code props} name
     * a host), not waiting for it.
     */
    static ServeProcess start(Path dir, String name, List<String> props) throws IOException {
        int port = freePort();
        int management = freePort();
        List<String> all =
                new ArrayList<>(List.of("-Dquarkus.http.port=" + port, "-Dquarkus.management.port=" + management));
        if (props.stream().noneMatch(p -> p.startsWith("-Dquarkus.http.host="))) {
            all.add("-Dquarkus.http.host=127.0.0.1");
        }
        all.addAll(props);
        Path out = dir.resolve(name + "-out.txt");
        Path err = dir.resolve(name + "-err.txt");
        Process p = Riposte.builder(all, "serve")
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        return new ServeProcess(name, p, port, management, out, err);
    }

    /** Waits until {@code /q/health/ready} answers 200 (rules loaded, pipeline serving; a standby is ready too). */
    ServeProcess awaitReady() throws InterruptedException {
        String[] last = {"no answer"};
        try {
            Riposte.waitUntil(
                    () -> {
                        if (!process.isAlive()) {
                            throw new AssertionError(this + " exited with " + process.exitValue() + ":\n" + logTail());
                        }
                        HttpResponse<String> r = get("/q/health/ready");
                        last[0] = r.statusCode() + " " + r.body();
                        return r.statusCode() == 200;
                    },
                    "not ready");
        } catch (AssertionError e) {
            throw new AssertionError(this + " did not come up; last /q/health/ready: " + last[0] + "\n" + logTail(), e);
        }
        return this;
    }

    /** {@code POST /events}. */
    HttpResponse<String> post(String body) {
        return post(HttpRequest.BodyPublishers.ofString(body));
    }

    /** {@code POST /events} of bytes that need not be text. */
    HttpResponse<String> post(byte[] body) {
        return post(HttpRequest.BodyPublishers.ofByteArray(body));
    }

    private HttpResponse<String> post(HttpRequest.BodyPublisher body) {
        return send(HttpRequest.newBuilder(uri("/events"))
                .timeout(Duration.ofSeconds(60)) // a cold JVM's first event on a loaded machine
                .header("Content-Type", "application/json")
                .POST(body)
                .build());
    }

    /** {@code GET path}; {@code /q/*} (health, metrics) is on the management port. */
    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build());
    }

    /** The data of the readiness check named {@code rules} (rule set, reloads, role), empty while it does not answer. */
    Optional<JsonNode> rules() {
        try {
            for (JsonNode c : JSON.readTree(get("/q/health/ready").body()).path("checks")) {
                if ("rules".equals(c.path("name").asText())) {
                    return Optional.of(c.path("data"));
                }
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Its role with a shared state backend ({@code owner} or {@code standby}), empty while it does not say. */
    String role() {
        return rules().map(d -> d.path("role").asText()).orElse("");
    }

    /** Successful rule set reloads since the start. */
    int reloadsOk() {
        return rules().map(d -> d.path("reloadsOk").asInt(-1)).orElse(-1);
    }

    /** SIGTERM, as a deploy stops it; {@code kill -9} after 30 s. True when it stopped on SIGTERM. */
    boolean stop() throws InterruptedException {
        process.destroy();
        if (process.waitFor(30, TimeUnit.SECONDS)) {
            return true;
        }
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        return false;
    }

    /** {@code kill -9}: nothing is flushed or released but what was already written. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            throw new AssertionError(this + " still runs 20 s after kill -9");
        }
    }

    /** Both output files, the last 40 lines. */
    String logTail() {
        StringBuilder b = new StringBuilder();
        for (Path f : List.of(out, err)) {
            try {
                List<String> l = Files.exists(f) ? Files.readAllLines(f) : List.of();
                b.append("-- ").append(f.getFileName()).append('\n');
                l.subList(Math.max(0, l.size() - 40), l.size())
                        .forEach(x -> b.append(x).append('\n'));
            } catch (IOException | UncheckedIOException e) {
                b.append("(unreadable: ").append(e.getMessage()).append(")\n");
            }
        }
        return b.toString();
    }

    /** Standard output and error, all of it. */
    String log() {
        try {
            return (Files.exists(out) ? Files.readString(out) : "") + (Files.exists(err) ? Files.readString(err) : "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The records of an audit file (none before it exists); a line cut short by {@code kill -9} is left out. */
    static List<JsonNode> audit(Path file) {
        List<JsonNode> out = new ArrayList<>();
        try {
            if (!Files.exists(file)) {
                return out;
            }
            for (String line : Files.readAllLines(file)) {
                try {
                    out.add(JSON.readTree(line));
                } catch (IOException torn) {
                    // the last line of a killed process may be incomplete
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** {@code GET path} on the service port, even a {@code /q/} path (which only the management port serves). */
    HttpResponse<String> getOnServicePort(String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build());
    }

    /** {@code path} on its port: {@code /q/*} on the management port, the rest on the service port. */
    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + (path.startsWith("/q/") ? managementPort : port) + path);
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops it if it still runs. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
