package dev.riposte.cli;

import static dev.riposte.cli.FailoverIT.FINAL;
import static dev.riposte.cli.FailoverIT.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.riposte.cli.Replicas.Replica;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 19's partitioned owner on the packaged jar: the rules owner is paused with {@code kill -STOP} while its workers
 * wait for AWS in the middle of isolations (DescribeInstances answers slowly), for longer than its lease; the standby
 * takes the rules over and decides every event; then {@code kill -CONT}. The old owner must begin no AWS call and write
 * no decision after it lost the lease (fencing), and exit (code 3) so that its supervisor restarts it as a standby. A
 * request the pause caught half-sent still arrives on resume: it was begun (signed, checked) while the replica owned the
 * rules, and no client can recall it.
 */
class PartitionIT {

    @Test
    void aPausedOwnerThatLostItsLeaseNeitherActsNorRecordsWhenItResumes() throws Exception {
        int events = 40;
        Path dir = Path.of("target", "failover-it", "partition");
        try (Replicas fleet = new Replicas(dir, List.of("-Driposte.breaker.limit=1000"))) {
            Replica a = fleet.start("a");
            Replica b = fleet.start("b");
            fleet.awaitReady(a);
            fleet.awaitReady(b);
            Riposte.waitUntil(() -> a.owner() || b.owner(), "no replica took the rules:\n" + fleet.logs());
            Replica paused = a.owner() ? a : b;
            Replica standby = paused == a ? b : a;

            // each isolation waits 1.5 s for DescribeInstances, just after its idempotency claim: the pause finds
            // the owner's workers in the middle of commands
            fleet.ec2.slowDescribeInstances(1500);
            fleet.send(Replicas.template(), 0, events);
            waitFor(
                    () -> paused.decisions().size() >= 4,
                    Duration.ofSeconds(120),
                    200,
                    () -> paused + " decided nothing:\n" + fleet.logs());
            waitFor(
                    () -> fleet.ec2.waiting(paused.name) > 0,
                    Duration.ofSeconds(10),
                    20,
                    () -> paused + " has no DescribeInstances in flight");
            paused.signal("STOP");
            Instant stoppedAt = Instant.now();
            int inFlightAtPause = fleet.ec2.waiting(paused.name);
            long pausedAt = System.currentTimeMillis();

            waitFor(standby::owner, Duration.ofSeconds(30), () -> standby + " did not take over:\n" + fleet.logs());
            long tookOver = System.currentTimeMillis() - pausedAt;
            fleet.ec2.slowDescribeInstances(0);
            // the paused owner's claims turn into 'interrupted' for the new owner once their in-progress expiry passes
            waitFor(
                    () -> decidedBy(List.of(paused, standby)).size() == events && fleet.depth() == 0,
                    Duration.ofSeconds(120),
                    500,
                    () -> "decided " + decidedBy(List.of(paused, standby)).size() + " of " + events + ", queue depth "
                            + fleet.depth() + ":\n" + fleet.logs());
            int recordsBefore = paused.decisions().size();

            Instant resumedAt = Instant.now();
            paused.signal("CONT");
            boolean exited = paused.process.waitFor(40, TimeUnit.SECONDS);
            Thread.sleep(2000); // anything still on its way to EC2 or the audit file arrives

            // a request whose sending the pause interrupted (headers out, body not) arrives whole only after the
            // resume, but it was signed, checked against the lease and begun while the replica still owned the rules:
            // no client can call that back (AWS takes no fencing token). What must not exist is a request the
            // replica began after it was stopped, i.e. one signed after the pause.
            List<Ec2Fleet.Call> arrivedAfterResume = fleet.ec2.calls().stream()
                    .filter(c -> c.replica().equals(paused.name) && c.at().isAfter(resumedAt))
                    .toList();
            List<Ec2Fleet.Call> afterResume = arrivedAfterResume.stream()
                    .filter(c -> c.signedAt().isAfter(stoppedAt))
                    .toList();
            List<JsonNode> recordedAfter =
                    paused.decisions().subList(recordsBefore, paused.decisions().size());
            String line = String.format(
                    "kill -STOP of %s with %d DescribeInstances in flight: %s owner after %d ms; after kill -CONT:"
                            + " %d AWS calls begun (%d begun before the pause arrived after it), %d audit records,"
                            + " exit %s",
                    paused.id,
                    inFlightAtPause,
                    standby.id,
                    tookOver,
                    afterResume.size(),
                    arrivedAfterResume.size() - afterResume.size(),
                    recordedAfter.size(),
                    exited ? Integer.toString(paused.process.exitValue()) : "none (still running)");
            System.out.println("[failover] " + line);
            Files.write(dir.resolve("summary.txt"), List.of(line));

            assertThat(afterResume)
                    .as("AWS calls the old owner began after it was paused past its lease")
                    .extracting(c -> c.action() + " " + c.instance() + " signed " + c.signedAt())
                    .isEmpty();
            assertThat(recordedAfter)
                    .as("decisions the old owner recorded after it resumed without its lease")
                    .extracting(r -> r.path("outcome").asText() + " "
                            + r.path("target").asText() + ": " + r.path("error").asText())
                    .isEmpty();
            Map<String, Long> all = mutationsPerInstance(fleet);
            assertThat(all)
                    .as("no instance got a mutating call twice")
                    .allSatisfy((i, n) -> assertThat(n).as(i).isLessThanOrEqualTo(2));
            assertThat(exited)
                    .as(paused + " exits once it finds its lease taken (its supervisor restarts it as a standby)")
                    .isTrue();
            assertThat(paused.process.exitValue()).isEqualTo(3);
            assertThat(stoppedAt).isBefore(resumedAt);
        }
    }

    /** Mutating calls per instance (CreateTags and ModifyNetworkInterfaceAttribute together), of both replicas. */
    static Map<String, Long> mutationsPerInstance(Replicas fleet) {
        return fleet.ec2.mutations().stream()
                .collect(Collectors.groupingBy(Ec2Fleet.Call::instance, Collectors.counting()));
    }

    static Set<String> decidedBy(List<Replica> replicas) {
        List<JsonNode> all = new ArrayList<>();
        replicas.forEach(r -> all.addAll(r.decisions()));
        return all.stream()
                .filter(d -> FINAL.contains(d.path("outcome").asText()))
                .map(d -> d.path("target").asText())
                .collect(Collectors.toSet());
    }
}
