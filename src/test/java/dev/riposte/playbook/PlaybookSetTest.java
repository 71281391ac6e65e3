package dev.riposte.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PlaybookSetTest {

    private static List<Problem> problems(String yaml) {
        return PlaybookSet.load(List.of(new PlaybookFile("bad.yaml", yaml)), new KnownActions())
                .problems();
    }

    @Test
    void theBuiltInPlaybooksLoadAndTheIndexListsEveryFile() throws IOException {
        PlaybookSet set = PlaybookSet.load(PlaybookSources.builtIn(), new KnownActions());

        assertThat(set.problems()).isEmpty();
        assertThat(set.all())
                .extracting(Playbook::id)
                .containsExactly(
                        "cloudtrail-disabled",
                        "compromised-ec2-instance",
                        "compromised-iam-credentials",
                        "public-s3-bucket",
                        "security-group-open-to-world");
        try (Stream<Path> files = Files.list(Path.of("playbooks"))) {
            assertThat(files.map(p -> p.getFileName().toString())
                            .filter(n -> n.endsWith(".yaml"))
                            .sorted()
                            .toList())
                    .as("playbooks/index.txt must list every playbook")
                    .isEqualTo(PlaybookSources.builtIn().stream()
                            .map(PlaybookFile::path)
                            .toList());
        }
        assertThat(set.find("compromised-ec2-instance").orElseThrow().steps())
                .extracting(Step::action)
                .containsExactly(
                        "ec2:snapshot-volumes",
                        "ec2:tag-resource",
                        "ec2:enable-termination-protection",
                        "ec2:detach-from-autoscaling",
                        "ec2:isolate-instance",
                        "notify:log");
        assertThat(set.actionsUsed()).contains("iam:attach-deny-all-policy", "cloudtrail:start-logging");
    }

    @Test
    void problemsNameTheLineAndGiveAHint() {
        List<Problem> p = problems("""
                id: broken
                description: all the mistakes
                steps:
                  - action: ec2:isolate-instanse
                  - action: ec2:isolate-instance
                    params:
                      reason: "${event.acount}"
                      force: true
                  - action: notify:log
                    on-failur: stop
                    params:
                      message: "${params.who} ${target.id} ${secret.x}"
                    when: ${event.severity} >=
                  - action: notify:log
                    on-failure: retry
                    approval: maybe
                    params: {message: "${detail.service.action"}
                """);

        assertThat(p)
                .extracting(x -> x.line() + ": " + x.message())
                .containsExactly(
                        "4: step 1: unknown action 'ec2:isolate-instanse'",
                        "7: unknown field 'acount' in '${event.acount}'",
                        "8: step 2: unknown parameter 'force' for ec2:isolate-instance",
                        "10: unknown key 'on-failur' in step 3",
                        "12: unknown parameter reference '${params.who}'",
                        "12: '${target}' has no fields",
                        "12: unknown reference '${secret.x}'",
                        "13: bad when: nothing after '>=' in '${event.severity} >='",
                        "15: on-failure must be stop or continue, got 'retry'",
                        "16: approval must be 'required' or 'none', got 'maybe'",
                        "17: unclosed '${' in '${detail.service.action'");
        assertThat(p.get(1).hint()).contains("did you mean 'account'?");
        assertThat(p.get(3).hint()).isEqualTo("did you mean 'on-failure'?");
        assertThat(p.get(4).hint()).contains("declare it under parameters:");
        assertThat(p.get(0).toString())
                .startsWith("bad.yaml:4: step 1: unknown action")
                .contains("hint: `riposte actions`");
    }

    @Test
    void syntaxErrorsMissingFieldsAndDuplicateIdsAreReported() {
        assertThat(problems("id: x\n  steps: [\n"))
                .singleElement()
                .satisfies(x -> assertThat(x.message()).startsWith("not valid YAML"));
        assertThat(problems("id: Bad_Id\nid: again\n"))
                .singleElement()
                .satisfies(x -> assertThat(x.line() + " " + x.message()).isEqualTo("2 duplicate key 'id'"));
        assertThat(problems("id: Bad_Id\n"))
                .extracting(Problem::message)
                .containsExactly(
                        "playbook id 'Bad_Id' must be lower-case words joined by '-'",
                        "missing 'description'",
                        "a playbook needs a non-empty list of steps");
        String ok = "id: same\ndescription: d\nsteps:\n  - action: notify:log\n    params: {message: hi}\n";
        PlaybookSet twice = PlaybookSet.load(
                List.of(new PlaybookFile("a.yaml", ok), new PlaybookFile("b.yaml", ok)), new KnownActions());
        assertThat(twice.ok()).isFalse();
        assertThat(twice.problems())
                .singleElement()
                .satisfies(x ->
                        assertThat(x.toString()).startsWith("b.yaml:1: playbook id 'same' is also defined in a.yaml"));
        assertThat(twice.find("same").orElseThrow().file()).isEqualTo("a.yaml");
    }

    @Test
    void expandsReferencesConditionsAndDefaults() {
        Playbook pb = PlaybookSet.load(List.of(new PlaybookFile("p.yaml", """
                id: p
                description: d
                parameters:
                  ports: {default: [22, 3389]}
                  who: {description: the team}
                steps:
                  - action: iam:deactivate-access-key
                    target: ${principal.accessKeyId}
                    params: {userName: "${principal.name}", reason: "key of ${principal.name} in ${event.account} ($${literal})"}
                  - action: ec2:revoke-open-ingress
                    params: {ports: "${params.ports}", reason: "${params.who}"}
                  - action: ec2:isolate-instance
                    when: ${event.severity} >= 7 && ${resource.tags.env} != "dev" || ${resource.tags.force}
                  - action: notify:log
                    target: ${resource.tags.owner}
                    params: {message: m}
                """)), new KnownActions())
                .find("p")
                .orElseThrow();
        Map<String, Object> facts = Map.of(
                "event",
                Map.of("account", "111122223333", "severity", 8.0),
                "resource",
                Map.of("id", "i-1", "tags", Map.of("env", "prod")),
                "target",
                "i-1",
                "principal",
                Map.of("name", "alice", "accessKeyId", "AKIAEXAMPLE"));

        List<PlannedStep> steps = pb.expand(facts, Map.of("who", "sec"));

        assertThat(steps.get(0).target()).isEqualTo("AKIAEXAMPLE");
        assertThat(steps.get(0).params())
                .containsEntry("userName", "alice")
                .containsEntry("reason", "key of alice in 111122223333 (${literal})");
        assertThat(steps.get(1).params())
                .containsEntry("ports", List.of(22, 3389))
                .containsEntry("reason", "sec");
        assertThat(steps.get(2).selected()).isTrue();
        assertThat(steps.get(2).target()).isEqualTo("i-1");
        assertThat(steps.get(3).error())
                .isEqualTo("step 4 (notify:log): ${resource.tags.owner} has no value for this event");

        Map<String, Object> dev = Map.of(
                "event",
                Map.of("severity", 8),
                "resource",
                Map.of("tags", Map.of("env", "dev")),
                "principal",
                Map.of("name", "a", "accessKeyId", "k"),
                "target",
                "i-2");
        assertThat(pb.expand(dev, Map.of("who", "x")).get(2).selected()).isFalse();
        assertThatThrownBy(() -> pb.expand(facts, Map.of())).hasMessageContaining("needs parameter 'who' (the team)");
        assertThatThrownBy(() -> pb.expand(facts, Map.of("who", "x", "extra", 1)))
                .hasMessageContaining("no parameter 'extra'");
    }
}
