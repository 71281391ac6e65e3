package dev.riposte.pipeline;

import dev.riposte.dispatch.ActionCatalogue;
import dev.riposte.rules.CommandLiterals;
import dev.riposte.rules.CompileResult;
import dev.riposte.rules.Problem;
import dev.riposte.rules.RuleCompiler;
import dev.riposte.rules.RuleFile;
import dev.riposte.rules.RuleSet;
import dev.riposte.rules.RuleSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads a rule set (a folder, or the built-in rules) and checks it against the action catalogue:
 * Drools compile errors, lint problems, and action ids / parameters in {@code ActionCommand.of(...)}
 * literals that the catalogue does not know, each with file:line.
 */
public final class RuleLoading {
    private static final Pattern COMMAND = Pattern.compile("ActionCommand\\.of\\(\\s*\"([^\"]*)\"");

    private RuleLoading() {
    }

    /** Either a rule set or the problems that keep it from loading. */
    public record Loaded(RuleSet rules, List<Problem> problems, List<RuleFile> files) {
        public boolean ok() {
            return rules != null && problems.isEmpty();
        }
    }

    public static List<RuleFile> files(Path dir) {
        if (dir == null) {
            return RuleSources.builtIn();
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("rules folder not found: " + dir);
        }
        return RuleSources.fromDir(dir);
    }

    public static Loaded load(Path dir, Duration eventExpiry, ActionCatalogue catalogue) {
        List<RuleFile> files = files(dir);
        List<Problem> problems = new ArrayList<>(checkActions(files, catalogue));
        CompileResult compiled = RuleCompiler.compile(files, eventExpiry);
        problems.addAll(compiled.problems());
        return new Loaded(problems.isEmpty() ? compiled.ruleSet() : null, problems, files);
    }

    /** The action ids a rule set can emit: every {@code ActionCommand.of("...")} literal. */
    public static java.util.SortedSet<String> actionsUsed(List<RuleFile> files) {
        java.util.SortedSet<String> ids = new java.util.TreeSet<>();
        for (RuleFile f : files) {
            Matcher m = COMMAND.matcher(f.content());
            while (m.find()) {
                ids.add(m.group(1));
            }
        }
        return ids;
    }

    private static final Pattern PLAYBOOK_RUN = Pattern.compile("PlaybookRun\\.of\\(\\s*\"([^\"]*)\"");

    /**
     * Problems of the playbooks (a folder, or the built-in ones when {@code dir} is null) against the catalogue,
     * and {@code PlaybookRun.of("...")} literals in {@code rules} that name no loaded playbook; each with file:line.
     * Playbook files are named {@code playbooks/<file>}.
     */
    public static List<Problem> checkPlaybooks(Path dir, List<RuleFile> rules, ActionCatalogue catalogue) {
        List<Problem> problems = new ArrayList<>();
        dev.riposte.playbook.PlaybookSet set = dev.riposte.playbook.PlaybookSet.load(
                dev.riposte.playbook.PlaybookSources.load(dir), new dev.riposte.playbook.run.CatalogueActionRules(catalogue));
        for (dev.riposte.playbook.Problem p : set.problems()) {
            problems.add(new Problem((dir == null ? "playbooks/" : dir + "/") + p.file(), p.line(), p.message(), p.hint()));
        }
        List<String> ids = set.all().stream().map(dev.riposte.playbook.Playbook::id).toList();
        for (RuleFile f : rules) {
            String[] lines = f.content().split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                Matcher m = PLAYBOOK_RUN.matcher(lines[i]);
                while (m.find()) {
                    if (!ids.contains(m.group(1))) {
                        problems.add(new Problem(f.path(), i + 1, "unknown playbook '" + m.group(1) + "'",
                                "known playbooks: " + String.join(", ", ids)));
                    }
                }
            }
        }
        return problems;
    }

    /** The playbook ids and action ids the loaded playbooks use (for {@code riposte iam-policy}). */
    public static dev.riposte.playbook.PlaybookSet playbooks(Path dir, ActionCatalogue catalogue) {
        return dev.riposte.playbook.PlaybookSet.load(dev.riposte.playbook.PlaybookSources.load(dir),
                new dev.riposte.playbook.run.CatalogueActionRules(catalogue));
    }

    /**
     * Commands written in rule files must be ones the catalogue accepts: a known action id, and the parameters the
     * text states (unknown keys, missing required ones, literal values of the wrong type, a missing target). Values
     * computed when the rule fires are checked at dispatch.
     */
    public static List<Problem> checkActions(List<RuleFile> files, ActionCatalogue catalogue) {
        List<Problem> problems = new ArrayList<>();
        for (RuleFile f : files) {
            for (CommandLiterals.Command c : CommandLiterals.find(f)) {
                if (c.action() == null) {
                    continue;
                }
                boolean unknownAction = catalogue.find(c.action()).isEmpty();
                for (String p : catalogue.validateLiteral(c.action(), c.targetComputed(), c.target(), c.params(), c.computed(), c.complete())) {
                    problems.add(new Problem(f.path(), c.lineOf(p), p, unknownAction ? "use an action id that `riposte actions` lists"
                            : "`riposte actions` shows " + c.action() + "'s target and parameters"));
                }
            }
        }
        return problems;
    }
}
