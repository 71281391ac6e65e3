package dev.riposte.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.playbook.PlaybookFile;
import dev.riposte.playbook.PlaybookSet;
import dev.riposte.playbook.PlaybookSources;
import dev.riposte.rules.RuleFile;
import dev.riposte.rules.RuleSources;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What `riposte iam-policy` counts as reachable: rule actions plus the steps of the playbooks the rules start. */
class ReachableActionsTest {
    static final PlaybookSet PLAYBOOKS = PlaybookSet.load(
            List.of(
                    new PlaybookFile(
                            "contain.yaml",
                            "id: contain\ndescription: d\nsteps:\n  - action: ec2:isolate-instance\n"
                                    + "  - action: ec2:snapshot-volumes\n"),
                    new PlaybookFile(
                            "unused.yaml", "id: unused\ndescription: d\nsteps:\n  - action: s3:block-public-access\n")),
            (action, params) -> List.of());

    static RuleFile rule(String then) {
        return new RuleFile("rules/x/r.drl", "package rules.x\n\nrule \"r\"\nwhen\nthen\n" + then + "\nend\n");
    }

    @Test
    void stepsOfStartedPlaybooksCountAndUnstartedPlaybooksDoNot() {
        ReachableActions r = ReachableActions.of(List.of(rule("""
                    insert(ActionCommand.of("iam:deactivate-access-key", "AKIA"));
                    insert(PlaybookRun.of(
                        "contain", $i.id()).with("reason", "x"));""")), PLAYBOOKS);

        assertThat(r.actions())
                .containsExactly("ec2:isolate-instance", "ec2:snapshot-volumes", "iam:deactivate-access-key");
        assertThat(r.playbooks()).containsExactly("contain");
        assertThat(r.unknownPlaybooks()).isEmpty();
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void aPlaybookThatIsNotLoadedIsReportedWithItsLine() {
        ReachableActions r =
                ReachableActions.of(List.of(rule("    insert(PlaybookRun.of(\"contian\", \"i-1\"));")), PLAYBOOKS);
        assertThat(r.unknownPlaybooks()).containsExactly("rules/x/r.drl:6 contian");
        assertThat(r.actions()).isEmpty();
    }

    @Test
    void aComputedPlaybookIdMakesEveryPlaybookReachableAndSaysSo() {
        ReachableActions r =
                ReachableActions.of(List.of(rule("    insert(PlaybookRun.of($name, \"i-1\"));")), PLAYBOOKS);
        assertThat(r.playbooks()).containsExactly("contain", "unused");
        assertThat(r.actions()).contains("s3:block-public-access", "ec2:isolate-instance");
        assertThat(r.warnings()).singleElement().asString().startsWith("rules/x/r.drl:6: the playbook id is computed");
    }

    @Test
    void aComputedActionIdIsAWarningNotAGuess() {
        ReachableActions r =
                ReachableActions.of(List.of(rule("    insert(new ActionCommand($id, \"i-1\", null));")), PLAYBOOKS);
        assertThat(r.actions()).isEmpty();
        assertThat(r.warnings()).singleElement().asString().contains("r.drl:6").contains("action id is computed");
    }

    @Test
    void theBuiltInRulesReachThePlaybookOnlyActions() {
        ReachableActions r = ReachableActions.of(
                RuleSources.builtIn(), PlaybookSet.load(PlaybookSources.builtIn(), (action, params) -> List.of()));
        // ec2:snapshot-volumes and cloudtrail:start-logging appear in no rule, only as playbook steps
        assertThat(r.actions())
                .contains(
                        "ec2:snapshot-volumes",
                        "ec2:enable-termination-protection",
                        "cloudtrail:start-logging",
                        "ec2:isolate-instance",
                        "iam:deactivate-access-key");
        assertThat(r.unknownPlaybooks()).isEmpty();
        assertThat(r.warnings()).isEmpty();
    }
}
