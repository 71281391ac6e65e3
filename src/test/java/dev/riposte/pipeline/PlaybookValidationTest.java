package dev.riposte.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.dispatch.ActionCatalogue;
import dev.riposte.notify.LogNotification;
import dev.riposte.rules.Problem;
import dev.riposte.rules.RuleFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What `riposte validate` adds for playbooks: their problems with file:line, and rules naming unknown playbooks. */
class PlaybookValidationTest {
    @TempDir
    Path dir;

    @Test
    void reportsPlaybookProblemsAndUnknownPlaybooksInRules() throws IOException {
        Files.writeString(
                dir.resolve("tell.yaml"),
                "id: tell\ndescription: d\nsteps:\n  - action: notify:log\n    params: {message: hi}\n");
        Files.writeString(dir.resolve("broken.yaml"), """
                id: broken
                description: say something
                steps:
                  - action: notify:log
                    params: {message: "hello ${event.acount}", colour: red}
                """);
        List<RuleFile> rules = List.of(new RuleFile(
                "x/r.drl",
                "rule \"r\"\nwhen\nthen\n    insert(PlaybookRun.of(\"tel\", \"i-1\"));\n"
                        + "    insert(PlaybookRun.of(\"tell\", \"i-1\"));\nend\n"));

        List<Problem> problems =
                RuleLoading.checkPlaybooks(dir, rules, new ActionCatalogue(List.of(new LogNotification())));

        assertThat(problems)
                .extracting(Problem::toString)
                .containsExactly(
                        dir
                                + "/broken.yaml:5: unknown field 'acount' in '${event.acount}'\n  hint: event "
                                + "has account, id, region, severity, source, time, type (did you mean 'account'?)",
                        dir
                                + "/broken.yaml:5: step 1: unknown parameter 'colour' for notify:log (known: "
                                + "level, message)\n  hint: `riposte actions` shows each action's parameters",
                        "x/r.drl:4: unknown playbook 'tel'\n  hint: known playbooks: tell");
    }
}
