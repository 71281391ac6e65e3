package dev.riposte.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every CLI command, run from the packaged jar exactly as the README tells users to. */
class CliIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void replayOfTheSamplesPrintsADryRunPlanAndAuditsEveryEvent() throws Exception {
        Path audit = tmp.resolve("audit.jsonl");
        Riposte.Run run = Riposte.run("replay", "--audit", audit.toString(), "samples");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("dry-run")
                .contains("ec2:isolate-instance")
                .contains("iam:deactivate-access-key")
                .contains("notify:log")
                .as("rule-started playbooks expand into their steps")
                .contains("ec2:snapshot-volumes")
                .contains("cloudtrail:start-logging");
        List<JsonNode> records =
                Files.readAllLines(audit).stream().map(CliIT::parse).toList();
        assertThat(records).isNotEmpty();
        assertThat(records).allSatisfy(r -> {
            assertThat(r.get("rulesVersion").asText()).hasSize(12);
            // a replay never runs live: rules marked @mode("shadow") say so, every other record is dry-run
            assertThat(r.get("mode").asText()).isIn("dry-run", "shadow");
            assertThat(r.get("outcome").asText()).isNotIn("succeeded", "failed");
        });
        assertThat(records).anySatisfy(r -> assertThat(r.get("mode").asText()).isEqualTo("dry-run"));
        assertThat(records)
                .anySatisfy(r -> assertThat(r.get("outcome").asText()).isEqualTo("no-match"));
        JsonNode isolate = records.stream()
                .filter(r -> r.path("action").asText().equals("ec2:isolate-instance"))
                .findFirst()
                .orElseThrow();
        assertThat(isolate.get("outcome").asText()).isEqualTo("planned");
        assertThat(isolate.get("requests").findValuesAsText("operation")).contains("ModifyNetworkInterfaceAttribute");
    }

    @Test
    void replayAuditsUnreadableInputAsRejectedAndGoesOn() throws Exception {
        Path in = tmp.resolve("mixed.jsonl");
        String good = Files.readString(Path.of("samples/cloudtrail/root-console-login/event.json"))
                .replace("\n", " ");
        Files.writeString(in, "{not json\n" + good + "\n");
        Path audit = tmp.resolve("audit.jsonl");
        Riposte.Run run = Riposte.run("replay", "--audit", audit.toString(), in.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("1 rejected").contains(in + ":1");
        List<JsonNode> records =
                Files.readAllLines(audit).stream().map(CliIT::parse).toList();
        assertThat(records).extracting(r -> r.get("outcome").asText()).contains("rejected", "planned");
    }

    @Test
    void validateReportsATypoWithFileAndLineAndExitsOne() throws Exception {
        Path rules = Files.createDirectories(tmp.resolve("rules/custom"));
        Files.writeString(rules.resolve("broken.drl"), """
                package rules.custom

                import dev.riposte.fact.SecurityEvent

                rule "typo"
                when
                    $e : SecurityEvent( tpye == "ConsoleLogin" )
                then
                end
                """);
        Riposte.Run run =
                Riposte.run("validate", "--rules", tmp.resolve("rules").toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("custom/broken.drl:7");
    }

    @Test
    void validateAcceptsTheBuiltInRules() throws Exception {
        Riposte.Run run = Riposte.run("validate", "--format", "json");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        JsonNode result = parse(run.out().strip());
        assertThat(result.get("ok").asBoolean()).isTrue();
        assertThat(result.get("rules").size()).isGreaterThanOrEqualTo(6);
    }

    @Test
    void testPassesOnTheSamplesAndFailsOnAWrongExpectation() throws Exception {
        Riposte.Run ok = Riposte.run("test");
        assertThat(ok.exitCode()).as(ok.out()).isZero();
        assertThat(ok.out()).contains("PASS").doesNotContain("FAIL");
        // a case with context.json: the activity rule decides on the recorded CloudTrail summary
        assertThat(ok.out())
                .contains("investigation/key-used-from-new-ip")
                .contains("investigation/key-used-from-usual-ip");

        Path c = Files.createDirectories(tmp.resolve("cases/root"));
        Files.copy(Path.of("samples/cloudtrail/root-console-login/event.json"), c.resolve("event.json"));
        Files.writeString(c.resolve("expected.json"), "{\"rules\": [], \"commands\": []}");
        Riposte.Run bad = Riposte.run("test", tmp.resolve("cases").toString());
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.out()).contains("FAIL root").contains("notify:log");
    }

    @Test
    void normalizePrintsOneLinePerInputAndMarksRejectedOnes() throws Exception {
        Path in = tmp.resolve("in.jsonl");
        String good = Files.readString(Path.of("samples/cloudtrail/root-console-login/event.json"))
                .replace("\n", " ");
        Files.writeString(in, good + "\n[1,2\n");
        Riposte.Run run = Riposte.run("normalize", in.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(2);
        JsonNode fact = parse(lines.get(0));
        assertThat(fact.get("source").asText()).isEqualTo("cloudtrail");
        assertThat(fact.get("type").asText()).isEqualTo("ConsoleLogin");
        JsonNode rejected = parse(lines.get(1));
        assertThat(rejected.get("input").asText()).isEqualTo(in + ":2");
        assertThat(rejected.get("rejected").asText()).isNotBlank();

        Riposte.Run forced =
                Riposte.run("normalize", "--format", "guardduty", "samples/cloudtrail/root-console-login/event.json");
        assertThat(forced.exitCode())
                .as("a CloudTrail event forced through the GuardDuty normalizer is rejected")
                .isEqualTo(1);
        assertThat(parse(forced.out().strip()).get("rejected").asText()).isNotBlank();
        assertThat(Riposte.run("normalize", "--format", "nonsense", "samples").exitCode())
                .isEqualTo(2);
    }

    @Test
    void actionsAndIamPolicyDescribeTheCatalogue() throws Exception {
        Riposte.Run actions = Riposte.run("actions", "--format", "json");
        assertThat(actions.exitCode()).isZero();
        JsonNode list = parse(actions.out());
        assertThat(list.findValuesAsText("id"))
                .contains("ec2:isolate-instance", "iam:deactivate-access-key", "notify:log");

        Riposte.Run policy = Riposte.run("iam-policy");
        assertThat(policy.exitCode()).isZero();
        JsonNode doc = parse(policy.out());
        assertThat(doc.get("Version").asText()).isEqualTo("2012-10-17");
        assertThat(doc.get("Statement").get(0).get("Action").toString())
                .contains("ec2:ModifyNetworkInterfaceAttribute");
        assertThat(doc.get("Statement").toString())
                .contains("iam:UpdateAccessKey") // narrowed: a statement of its own
                // reached only through playbook steps (compromised-ec2-instance, cloudtrail-disabled)
                .contains("ec2:CreateSnapshot")
                .contains("cloudtrail:StartLogging");
    }

    @Test
    void iamPolicyFollowsTheRulesIntoThePlaybooksTheyStart() throws Exception {
        Path rules = Files.createDirectories(tmp.resolve("policy-rules/custom"));
        Path playbooks = Files.createDirectories(tmp.resolve("policy-playbooks"));
        Files.writeString(
                playbooks.resolve("stop.yaml"),
                "id: stop-it\ndescription: stop the instance\nsteps:\n" + "  - action: ec2:stop-instance\n");
        Files.writeString(
                playbooks.resolve("unused.yaml"),
                "id: unused\ndescription: never started\nsteps:\n" + "  - action: iam:delete-login-profile\n");
        Files.writeString(rules.resolve("r.drl"), """
                package rules.custom

                import dev.riposte.fact.SecurityEvent
                import dev.riposte.command.PlaybookRun

                rule "tor: stop"
                when
                    $e : SecurityEvent( type == "UnauthorizedAccess:EC2/TorClient" )
                then
                    insert(PlaybookRun.of("stop-it", $e.id()));
                end
                """);
        Riposte.Run run = Riposte.run(
                "iam-policy", "--rules", tmp.resolve("policy-rules").toString(), "--playbooks", playbooks.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode doc = parse(run.out());
        assertThat(doc.at("/Statement/0/Sid").asText()).isEqualTo("RiposteActions");
        assertThat(doc.at("/Statement/0/Action").toString())
                .contains("ec2:StopInstances")
                .doesNotContain("iam:DeleteLoginProfile");
        assertThat(doc.at("/Statement/1/Sid").asText()).isEqualTo("RiposteReads");
        assertThat(doc.at("/Statement/1/Action").toString()).contains("ec2:DescribeTags");

        Files.writeString(
                rules.resolve("r.drl"),
                Files.readString(rules.resolve("r.drl")).replace("\"stop-it\"", "\"stop-that\""));
        Riposte.Run unknown = Riposte.run(
                "iam-policy", "--rules", tmp.resolve("policy-rules").toString(), "--playbooks", playbooks.toString());
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("r.drl:10 stop-that").contains("riposte validate");
    }

    @Test
    void nonServeCommandsBindNoPort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            int port = taken.getLocalPort();
            Riposte.Run run = Riposte.run(List.of("-Dquarkus.http.port=" + port), "validate");
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.err()).doesNotContain("Listening on").doesNotContain("already in use");
        }
    }

    @Test
    void usageErrorsExitTwo() throws Exception {
        assertThat(Riposte.run("replay").exitCode()).isEqualTo(2);
        assertThat(Riposte.run("no-such-command").exitCode()).isEqualTo(2);
        Riposte.Run missing = Riposte.run("replay", "no/such/folder");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("no/such/folder").doesNotContain("at dev.riposte");
    }

    static JsonNode parse(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + s, e);
        }
    }
}
