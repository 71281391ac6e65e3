package dev.riposte.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Issue 19's window across a failover, on the packaged jar: two {@code serve} replicas (live, dry-run off) on one
 * DynamoDB (moto_server: state and correlation journal) and one SQS queue (ElasticMQ), the built-in console-login rules
 * and an unrelated rule file in a rules folder. Five failed console logins from one address reach the rules owner, with
 * a hot reload of the unrelated file after the third; the owner is killed with {@code kill -9} as soon as it has taken
 * the last two off the queue; the standby takes the rules over (its warm-up replays the journal from DynamoDB) and gets
 * what the dead owner had not deleted; the unrelated file is edited again, and the successful login reaches the new
 * owner: the brute-force rule fires there, once, about the success, counting the five failures (none lost, none
 * twice). Then the new owner is killed too and the first replica, back as a standby, takes over: its warm-up replays
 * the whole window, success included, and decides nothing again. The takeover times are printed.
 */
class CorrelationFailoverIT {
    private static final String BRUTE_FORCE = "Console login success after repeated failures: notify";
    private static final String LEASE = "5s"; // as the failover tests: a 3 s heartbeat can starve on a loaded host
    private static final Pattern WARMED = Pattern.compile("rule session \\S+ warmed from the journal in \\d+ ms: (\\d+)"
            + " event\\(s\\) replayed, (\\d+) firing\\(s\\) decided before left alone, (\\d+) due since");

    /** Kept after the run for a look (audit files, logs); the last run's are removed first. */
    final Path tmp = Path.of("target", "failover-it", "window");

    SharedServices shared;
    Path rules;
    final List<ServeProcess> started = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        if (Files.exists(tmp)) {
            try (var old = Files.walk(tmp)) {
                old.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        Files.createDirectories(tmp);
        shared = SharedServices.start(sqs -> sqs.createQueue("events", 5));
        rules = tmp.resolve("rules");
        Files.createDirectories(rules.resolve("cloudtrail"));
        Files.copy(
                Path.of("src/main/resources/rules/cloudtrail/console-login.drl"),
                rules.resolve("cloudtrail/console-login.drl"));
        Files.writeString(
                Files.createDirectories(rules.resolve("custom")).resolve("unrelated.drl"),
                CorrelationServeIT.unrelated("first"));
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        for (ServeProcess s : started) {
            s.close();
        }
        shared.close();
    }

    /** Starts replica {@code id} (a1, b1, a2...), its own audit file and state folder, not waiting for it. */
    ServeProcess replica(String id) throws IOException {
        List<String> props = new ArrayList<>(List.of(
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Driposte.dry-run=false",
                "-Daws.accessKeyId=test",
                "-Daws.secretAccessKey=not-a-secret",
                "-Daws.region=us-east-1",
                "-Driposte.aws.region=us-east-1",
                "-Driposte.investigate.enabled=false",
                "-Driposte.rules.dir=" + rules,
                "-Driposte.rules.poll-interval=200ms",
                "-Driposte.audit.file=" + audit(id),
                "-Driposte.state.dir=" + tmp.resolve("state-" + id),
                "-Driposte.reports.dir=" + tmp.resolve("reports"),
                "-Driposte.sqs.retry.initial-delay=1s",
                "-Driposte.sqs.retry.max-delay=2s"));
        props.addAll(shared.props(LEASE));
        ServeProcess s = ServeProcess.start(tmp, id, props);
        started.add(s);
        return s;
    }

    Path audit(String id) {
        return tmp.resolve("audit-" + id + ".jsonl");
    }

    @Test
    void aBruteForceWindowSpansAKillOfTheOwnerAndHotReloadsAndFiresOnceOnTheNewOwner() throws Exception {
        List<String> lines =
                Files.readAllLines(Path.of("samples/cloudtrail/console-brute-force-then-success/events.jsonl"));
        String successId =
                CliIT.parse(lines.get(5)).path("detail").path("eventID").asText();
        ServeProcess a = replica("a1");
        ServeProcess b = replica("b1");
        a.awaitReady();
        b.awaitReady();
        Riposte.waitUntil(() -> a.role().equals("owner") || b.role().equals("owner"), "no replica took the rules");
        ServeProcess owner = a.role().equals("owner") ? a : b;
        ServeProcess standby = owner == a ? b : a;
        assertThat(standby.role()).as("two owners at once").isEqualTo("standby");
        // the standby is ready too (deploy/'s container health check asks /q/health/ready): its SQS consumer waiting
        // for
        // the rules is not a queue that cannot be reached
        Riposte.waitUntil(() -> standby.log().contains("standing by: "), standby + " did not stand by");
        HttpResponse<String> ready = standby.get("/q/health/ready");
        assertThat(ready.statusCode())
                .as("the standby's readiness: " + ready.body())
                .isEqualTo(200);

        // three failures, a reload of the unrelated file on both (the owner warms its new session), two more failures
        Instant now = Instant.now();
        send(CorrelationServeIT.at(lines.get(0), now.minus(Duration.ofMinutes(5))));
        send(CorrelationServeIT.at(lines.get(1), now.minus(Duration.ofMinutes(4))));
        send(CorrelationServeIT.at(lines.get(2), now.minus(Duration.ofMinutes(3))));
        awaitConsumed();
        Files.writeString(rules.resolve("custom/unrelated.drl"), CorrelationServeIT.unrelated("second"));
        Riposte.waitUntil(
                () -> owner.reloadsOk() == 1 && standby.reloadsOk() == 1, "the edited unrelated rule was not loaded");
        // the last two are killed in flight: the owner took them off the queue, and may have journaled them, decided
        // them, deleted them or not; those it did not delete come again to the new owner, and count once either way
        send(CorrelationServeIT.at(lines.get(3), now.minus(Duration.ofMinutes(2))));
        send(CorrelationServeIT.at(lines.get(4), now.minus(Duration.ofMinutes(1))));
        Riposte.waitUntil(() -> depth(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES) == 0, "not received");
        long killedAt = System.currentTimeMillis();
        owner.kill9();
        long inFlight = depth(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);
        assertThat(fired()).as("no success yet, nothing fired").isEmpty();
        long tookOver = awaitOwner(standby) - killedAt;
        System.out.printf(
                "[window] kill -9 of %s with %d of the last 2 failures in flight: %s owner by /q/health/ready after"
                        + " %d ms (lease %s)%n",
                owner, inFlight, standby, tookOver, LEASE);
        assertThat(tookOver).as("takeover within 15 s of kill -9 (issue 19)").isLessThan(15_000);
        ServeProcess back = replica(owner.name.charAt(0) + "2"); // the killed replica comes back, as a standby
        awaitConsumed(); // what was in flight, redelivered once its visibility timeout passed

        // an edit after the takeover: the new owner warms again, from the journal both owners wrote
        Files.writeString(rules.resolve("custom/unrelated.drl"), CorrelationServeIT.unrelated("third"));
        Riposte.waitUntil(() -> standby.reloadsOk() == 2, "the second edit was not loaded by " + standby);
        send(CorrelationServeIT.at(lines.get(5), Instant.now()));
        Riposte.waitUntil(() -> !fired().isEmpty(), "the brute-force rule did not fire on " + standby);
        Thread.sleep(2000); // a few ticks: it does not fire again

        List<JsonNode> once = fired();
        assertThat(once).as("brute-force decisions of all incarnations").hasSize(1);
        JsonNode d = once.get(0);
        assertThat(ServeProcess.audit(audit(standby.name)))
                .as("decided by the new owner")
                .contains(d);
        assertThat(d.path("eventId").asText()).as("about the success").isEqualTo(successId);
        assertThat(d.path("action").asText()).isEqualTo("notify:log");
        assertThat(d.path("target").asText()).isEqualTo("arn:aws:iam::111122223333:user/alice");
        assertThat(d.path("outcome").asText()).isEqualTo("succeeded");
        assertThat(d.toString())
                .as("the five failures counted, none lost or twice")
                .contains("after 5 failed attempts within 10 minutes");
        assertThat(notifications(owner))
                .as("notifications sent by the killed owner")
                .isZero();
        assertThat(notifications(standby))
                .as("notifications sent by the new owner")
                .isEqualTo(1);

        // the new owner dies too: the first replica, back as a standby, warms from the whole window and fires nothing
        back.awaitReady();
        assertThat(back.role()).isEqualTo("standby");
        killedAt = System.currentTimeMillis();
        standby.kill9();
        long again = awaitOwner(back) - killedAt;
        System.out.printf("[window] kill -9 of %s: %s owner after %d ms%n", standby, back, again);
        Thread.sleep(2000);
        assertThat(fired()).as("decided again after the second takeover").containsExactly(d);
        assertThat(notifications(back)).isZero();
        // the last warm-up in its log is the takeover's; a redelivered failure is journaled twice (and held once)
        Matcher warmed = WARMED.matcher(back.log());
        String last = null;
        while (warmed.find()) {
            last = warmed.group();
        }
        System.out.println("[window] " + back.name + ": " + last);
        assertThat(last).as("the second takeover's warm-up").isNotNull();
        Matcher m = WARMED.matcher(last);
        assertThat(m.matches()).isTrue();
        assertThat(Integer.parseInt(m.group(1)))
                .as("events replayed: the window, success included")
                .isBetween(6, 8);
        assertThat(m.group(2)).as("firings decided before, left alone").isEqualTo("1");
        assertThat(m.group(3)).as("firings due since").isEqualTo("0");
    }

    void send(String body) {
        shared.send(body);
    }

    /** Until the queue is empty: every message taken, decided and deleted by the owner. */
    void awaitConsumed() throws InterruptedException {
        Riposte.waitUntil(() -> shared.depth() == 0, "the owner did not consume the queue");
    }

    long depth(QueueAttributeName what) {
        return shared.sqs().count(shared.queueUrl(), what);
    }

    /** When {@code s} reported itself owner. */
    static long awaitOwner(ServeProcess s) throws InterruptedException {
        Riposte.waitUntil(() -> s.role().equals("owner"), s + " did not take the rules over");
        return System.currentTimeMillis();
    }

    /** The brute-force rule's decisions, every incarnation's audit file together. */
    List<JsonNode> fired() {
        return started.stream()
                .flatMap(s -> ServeProcess.audit(audit(s.name)).stream())
                .filter(r -> BRUTE_FORCE.equals(r.path("rule").asText()))
                .toList();
    }

    /** The brute-force notifications {@code s} wrote to its log (logger riposte.notify). */
    static long notifications(ServeProcess s) {
        return Arrays.stream(s.log().split("\n"))
                .filter(l -> l.contains("failed attempts within 10 minutes") && l.contains("[event="))
                .count();
    }
}
