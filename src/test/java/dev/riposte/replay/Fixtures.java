package dev.riposte.replay;

import dev.riposte.aws.action.ec2.IsolateInstance;
import dev.riposte.aws.action.iam.DeactivateAccessKey;
import dev.riposte.dispatch.ActionCatalogue;
import dev.riposte.dispatch.ActionHandler;
import dev.riposte.normalize.Normalizer;
import dev.riposte.notify.LogNotification;
import dev.riposte.pipeline.RuleLoading;
import dev.riposte.rules.CompileResult;
import dev.riposte.rules.Problem;
import dev.riposte.rules.RuleFile;
import dev.riposte.rules.RuleSet;
import dev.riposte.rules.TestRules;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;

/** Rule sets, catalogue and event files for the replay tests. Public: the replay ITs of the packaged jar write theirs. */
public final class Fixtures {
    public static final String ACCOUNT = "111122223333";
    static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");
    static final String ATTACKER = "203.0.113.66";

    private Fixtures() {}

    static ActionCatalogue catalogue(ActionHandler... extra) {
        List<ActionHandler> handlers = new ArrayList<>(
                List.of(new IsolateInstance(null), new DeactivateAccessKey(null), new LogNotification()));
        handlers.addAll(List.of(extra));
        return new ActionCatalogue(handlers);
    }

    static Replayer replayer() {
        return new Replayer(new Normalizer(), catalogue(), List.of());
    }

    static Path resource(String name) {
        try {
            return Path.of(Fixtures.class.getClassLoader().getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code replay/rules} (current) or {@code replay/rules-next} (the change under review). */
    static RuleSet rules(String folder) {
        return COMPILED.computeIfAbsent(folder, Fixtures::compile);
    }

    private static final Map<String, RuleSet> COMPILED = new ConcurrentHashMap<>();

    private static RuleSet compile(String folder) {
        List<RuleFile> files = RuleLoading.files(resource("replay/" + folder));
        List<Problem> problems = new ArrayList<>(RuleLoading.checkActions(files, catalogue()));
        CompileResult compiled =
                TestRules.compile(files, Duration.ofHours(1)); // as RuleLoading.load, in the test's rule mode
        problems.addAll(compiled.problems());
        if (!problems.isEmpty()) {
            throw new IllegalStateException(problems.toString());
        }
        return compiled.ruleSet();
    }

    /** {@code minutes} after 2024-05-01 12:00 UTC. */
    public static Instant t(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    public static String failedLogin(String id, int minute) {
        return SyntheticEvents.cloudTrail(id, t(minute), ACCOUNT, "us-east-1", "ConsoleLogin", "bob", ATTACKER, true);
    }

    static String record(String id, int minute, String eventName) {
        return SyntheticEvents.cloudTrail(
                id, t(minute), ACCOUNT, "us-east-1", eventName, "alice", "198.51.100.10", false);
    }

    /** Writes a gzipped CloudTrail log file named as CloudTrail names them, under {@code AWSLogs/<account>/CloudTrail/<region>/}. */
    public static Path cloudTrailLog(Path root, int deliveredMinute, String unique, String... records) {
        Instant delivered = t(deliveredMinute);
        Path dir = root.resolve("AWSLogs/" + ACCOUNT + "/CloudTrail/us-east-1/2024/05/01");
        Path file = dir.resolve(SyntheticEvents.cloudTrailFileName(ACCOUNT, "us-east-1", delivered, unique));
        gzip(file, SyntheticEvents.cloudTrailLogFile(List.of(records)));
        return file;
    }

    static void gzip(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A GuardDuty export (JSON Lines) of two findings: a Tor client at minute 3 (severity 8), a port probe at 20 (5.5). */
    public static Path guardDutyFindings(Path file) {
        return write(
                file,
                SyntheticEvents.guardDuty(
                                "gd-high",
                                t(3),
                                ACCOUNT,
                                "us-east-1",
                                "UnauthorizedAccess:EC2/TorClient",
                                8.0,
                                "i-0abcdef1234567890")
                        + "\n"
                        + SyntheticEvents.guardDuty(
                                "gd-medium",
                                t(20),
                                ACCOUNT,
                                "us-east-1",
                                "Recon:EC2/PortProbeUnprotectedPort",
                                5.5,
                                "i-0fedcba9876543210")
                        + "\n");
    }

    /**
     * A folder of gzipped CloudTrail logs plus a GuardDuty export: the brute force (failures at minutes 1, 4, 7 from
     * one IP, spread over two log files delivered in the opposite order), a StopLogging, two GuardDuty findings
     * (severity 8 and 5.5) and one unreadable file.
     */
    static Path samples(Path root) {
        cloudTrailLog(root, 12, "aaaa", failedLogin("ct-fail-7", 7), record("ct-describe-2", 2, "DescribeInstances"));
        cloudTrailLog(
                root,
                10,
                "bbbb",
                failedLogin("ct-fail-4", 4),
                failedLogin("ct-fail-1", 1),
                record("ct-stop-30", 30, "StopLogging"));
        guardDutyFindings(root.resolve("guardduty/2024-05-01.jsonl"));
        gzip(root.resolve("broken/truncated.json.gz"), "{\"Records\":[");
        return root;
    }
}
