package dev.riposte.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.command.ActionCommand;
import dev.riposte.dispatch.ActionCatalogue;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.ActionHandler;
import dev.riposte.dispatch.ActionSpec;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.ParamSpec;
import dev.riposte.notify.LogNotification;
import dev.riposte.rules.Problem;
import dev.riposte.rules.RuleFile;
import dev.riposte.rules.RuleSources;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 15.1: the commands a rule writes are checked when the rules load, with file:line, not on the first event. */
class RuleCommandCheckTest {

    /** Takes a target, a string reason and an int count; only instance ids are valid targets. */
    static final class StopHandler implements ActionHandler {
        @Override
        public ActionSpec spec() {
            return ActionSpec.builder("ec2:stop-instance")
                    .description("stop")
                    .targetType("AWS::EC2::Instance")
                    .params(
                            ParamSpec.required("reason", ParamSpec.Type.STRING, "why"),
                            ParamSpec.optional("count", ParamSpec.Type.INT, "how many"),
                            ParamSpec.optional("force", ParamSpec.Type.BOOL, "force"))
                    .permissions("ec2:StopInstances")
                    .awsDryRun(true)
                    .build();
        }

        @Override
        public List<String> check(ActionCommand command) {
            return command.target().startsWith("i-")
                    ? List.of()
                    : List.of("ec2:stop-instance target '" + command.target() + "' is not an instance id");
        }

        @Override
        public List<AwsRequest> plan(ActionContext ctx) {
            return List.of();
        }
    }

    final ActionCatalogue catalogue = new ActionCatalogue(List.of(new LogNotification(), new StopHandler()));

    private List<String> problems(String then) {
        String drl = """
                package rules.x;

                import dev.riposte.fact.*;
                import dev.riposte.command.*;

                rule "r"
                when
                    $e : SecurityEvent()
                then
                """ + then + "\nend\n";
        return RuleLoading.checkActions(List.of(new RuleFile("x/r.drl", drl)), catalogue).stream()
                .map(Problem::toString)
                .toList();
    }

    @Test
    void rootLoginRuleWithoutItsMessageFailsToLoad() {
        RuleFile original = RuleSources.builtIn().stream()
                .filter(f -> f.path().equals("cloudtrail/console-login.drl"))
                .findFirst()
                .orElseThrow();
        assertThat(RuleLoading.checkActions(List.of(original), catalogue)).isEmpty();
        String broken = original.content()
                .replaceFirst(
                        "\\n\\s*\\.with\\(\"message\", \"root console login to account \" \\+ "
                                + "\\$e\\.account\\(\\) \\+ \" from \" \\+ \\$e\\.principal\\(\\)\\.sourceIp\\(\\)\\)",
                        "");
        assertThat(broken).isNotEqualTo(original.content());

        List<Problem> problems = RuleLoading.checkActions(List.of(new RuleFile(original.path(), broken)), catalogue);

        assertThat(problems)
                .extracting(Problem::toString)
                .containsExactly(
                        "cloudtrail/console-login.drl:12: missing required parameter 'message' for notify:log\n"
                                + "  hint: `riposte actions` shows notify:log's target and parameters");
    }

    @Test
    void onceWithinInAChainIsNotAParameterAndDoesNotHideTheOthers() {
        // before onceWithin was known to the linter the chain ended at it: the misspelled key after it went unseen
        assertThat(problems("""
                    insert(ActionCommand.of("notify:log", $e.id())
                            .onceWithin("k:" + $e.account(), java.time.Duration.ofMinutes(10))
                            .with("mesage", "hello"));"""))
                .containsExactly(
                        "x/r.drl:12: unknown parameter 'mesage' for notify:log (did you mean 'message'?) (known: level, message)\n"
                                + "  hint: `riposte actions` shows notify:log's target and parameters",
                        "x/r.drl:10: missing required parameter 'message' for notify:log\n"
                                + "  hint: `riposte actions` shows notify:log's target and parameters");
        assertThat(problems("""
                    insert(ActionCommand.of("notify:log", $e.id()).with("message", "m")
                            .onceWithin("k", java.time.Duration.ofMinutes(10)));""")).isEmpty();
    }

    @Test
    void misspelledKeyIsNamedWithTheNearestKnownOneOnItsLine() {
        assertThat(problems("""
                    insert(ActionCommand.of("notify:log", $e.id())
                            .with("mesage", "hello " + $e.id()));"""))
                .containsExactly(
                        "x/r.drl:11: unknown parameter 'mesage' for notify:log (did you mean 'message'?) (known: level, message)\n"
                                + "  hint: `riposte actions` shows notify:log's target and parameters",
                        "x/r.drl:10: missing required parameter 'message' for notify:log\n"
                                + "  hint: `riposte actions` shows notify:log's target and parameters");
    }

    @Test
    void literalOfTheWrongTypeIsAProblemAComputedValueIsNot() {
        assertThat(problems("""
                insert(ActionCommand.of("ec2:stop-instance", $e.id()).with("reason", 42).with("count", "many").with("force", true));"""))
                .extracting(p -> p.substring(0, p.indexOf('\n')))
                .containsExactly(
                        "x/r.drl:10: parameter 'reason' of ec2:stop-instance must be string, got Long 42",
                        "x/r.drl:10: parameter 'count' of ec2:stop-instance must be int, got String \"many\"");
        assertThat(problems("""
                    insert(ActionCommand.of("ec2:stop-instance", $e.id()).with("reason", $e.type()).with("count", 3));""")).isEmpty();
    }

    @Test
    void targetIsCheckedWhenWrittenAsALiteral() {
        assertThat(problems("insert(ActionCommand.of(\"ec2:stop-instance\", null).with(\"reason\", \"x\"));"))
                .extracting(p -> p.substring(0, p.indexOf('\n')))
                .containsExactly("x/r.drl:10: ec2:stop-instance needs a target (AWS::EC2::Instance id or ARN)");
        assertThat(problems("insert(ActionCommand.of(\"ec2:stop-instance\", \"sg-1\").with(\"reason\", \"x\"));"))
                .extracting(p -> p.substring(0, p.indexOf('\n')))
                .containsExactly("x/r.drl:10: ec2:stop-instance target 'sg-1' is not an instance id");
    }

    @Test
    void commandBuiltInStepsIsCheckedForWhatItStatesOnly() {
        // kept in a variable, the command may get its required parameter later: only the key and type are known wrong
        assertThat(problems("""
                    ActionCommand c = ActionCommand.of("notify:log", $e.id()).with("levle", "error");
                    insert(c.with("message", "m"));"""))
                .extracting(p -> p.substring(0, p.indexOf('\n')))
                .containsExactly(
                        "x/r.drl:10: unknown parameter 'levle' for notify:log (did you mean 'level'?) (known: level, message)");
    }

    @Test
    void unknownActionSuggestsTheNearestAndCommentsAreIgnored() {
        assertThat(problems("""
                    // insert(ActionCommand.of("notify:nothing", null));
                    insert(ActionCommand.of("notify:lg", $e.id()).with("message", "x"));"""))
                .containsExactly("x/r.drl:11: unknown action 'notify:lg' (did you mean "
                        + "'notify:log'?)\n  hint: use an action id that `riposte actions` lists");
    }
}
