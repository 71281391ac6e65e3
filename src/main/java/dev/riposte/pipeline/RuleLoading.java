package dev.riposte.pipeline;

import dev.riposte.config.RiposteConfig;
import dev.riposte.dispatch.ActionCatalogue;
import dev.riposte.playbook.Playbook;
import dev.riposte.playbook.PlaybookSet;
import dev.riposte.playbook.PlaybookSources;
import dev.riposte.playbook.run.CatalogueActionRules;
import dev.riposte.rules.CommandLiterals;
import dev.riposte.rules.CompileResult;
import dev.riposte.rules.FrozenRules;
import dev.riposte.rules.Problem;
import dev.riposte.rules.RuleCompiler;
import dev.riposte.rules.RuleEngine;
import dev.riposte.rules.RuleFile;
import dev.riposte.rules.RuleMode;
import dev.riposte.rules.RuleSet;
import dev.riposte.rules.RuleSources;
import dev.riposte.rules.RulesInvalidException;
import io.quarkus.runtime.ImageMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Loads a rule set (a folder, or the built-in rules) and checks it against the action catalogue:
 * Drools compile errors, lint problems, and action ids / parameters in {@code ActionCommand.of(...)}
 * literals that the catalogue does not know, each with file:line.
 */
public final class RuleLoading {
    private static final Logger LOG = Logger.getLogger(RuleLoading.class);
    private static final Pattern COMMAND = Pattern.compile("ActionCommand\\.of\\(\\s*\"([^\"]*)\"");

    private RuleLoading() {}

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

    /**
     * {@code riposte.rules.mode}: runtime unless set; a native image is always frozen (it cannot compile DRL) and
     * refuses {@code runtime}.
     */
    public static RuleMode mode(RiposteConfig.Rules config) {
        return mode(config.mode().orElse(null), ImageMode.current().isNativeImage());
    }

    static RuleMode mode(String configured, boolean nativeImage) {
        RuleMode mode = configured == null || configured.isBlank() ? null : RuleMode.parse(configured);
        if (nativeImage && mode == RuleMode.RUNTIME) {
            throw new IllegalArgumentException(
                    "riposte.rules.mode=runtime needs the JVM image: a native image cannot compile DRL, "
                            + "it runs the rules compiled into it at build (frozen)");
        }
        return nativeImage ? RuleMode.FROZEN : mode == null ? RuleMode.RUNTIME : mode;
    }

    /** Loads in the configured {@link #mode(RiposteConfig.Rules) mode}, with its event expiry. */
    public static Loaded load(Path dir, RiposteConfig.Rules config, ActionCatalogue catalogue) {
        return load(mode(config), dir, config.eventExpiry(), catalogue);
    }

    /**
     * In frozen mode the rule set is the build's executable model: {@code dir} null means its rules, and a folder is
     * accepted only when it holds exactly the rules it was compiled from (anything else would need a compile).
     */
    public static Loaded load(RuleMode mode, Path dir, Duration eventExpiry, ActionCatalogue catalogue) {
        if (mode == RuleMode.FROZEN) {
            return loadFrozen(dir, catalogue);
        }
        List<RuleFile> files = files(dir);
        List<Problem> problems = new ArrayList<>(checkActions(files, catalogue));
        CompileResult compiled = RuleCompiler.compile(files, eventExpiry);
        problems.addAll(compiled.problems());
        return new Loaded(problems.isEmpty() ? compiled.ruleSet() : null, problems, files);
    }

    private static Loaded loadFrozen(Path dir, ActionCatalogue catalogue) {
        FrozenRules.Description built = FrozenRules.describe();
        List<RuleFile> files = dir == null ? FrozenRules.files() : files(dir);
        List<Problem> problems = new ArrayList<>(checkActions(files, catalogue));
        if (dir != null && !FrozenRules.compiledFrom(files)) {
            problems.add(new Problem(
                    dir.toString(),
                    1,
                    "frozen rule mode runs only the rules compiled at build (" + built.source()
                            + ", version " + built.version() + "); " + dir + " holds other rules (version "
                            + RuleSources.version(files)
                            + "), and loading them means compiling DRL",
                    "validate, test or replay other rules with the JVM image in riposte.rules.mode=runtime (the default), "
                            + "or rebuild with ./mvnw package -Driposte.rules.dir=" + dir));
        }
        return new Loaded(problems.isEmpty() ? FrozenRules.load() : null, problems, files);
    }

    /**
     * The engine of {@code serve} in frozen mode: the build's rules, never reloaded. A rules folder configured at run
     * time is not read for rules; when it holds other rules than the build's, that is said once, loudly.
     */
    public static RuleEngine frozenEngine(Optional<Path> rulesDir, ActionCatalogue catalogue) {
        FrozenRules.Description built = FrozenRules.describe();
        List<Problem> problems = checkActions(FrozenRules.files(), catalogue);
        if (!problems.isEmpty()) {
            throw new RulesInvalidException(problems);
        }
        RuleSet rules = FrozenRules.load();
        if (rulesDir.isPresent()
                && Files.isDirectory(rulesDir.get())
                && !FrozenRules.compiledFrom(RuleSources.fromDir(rulesDir.get()))) {
            LOG.warnf(
                    "riposte.rules.mode=frozen: running the rules compiled at build (%s, version %s), not those now in %s; "
                            + "rebuild the image, or use the JVM image in runtime mode to load them",
                    built.source(), built.version(), rulesDir.get());
        }
        LOG.infof(
                "frozen rules %s (%d rules, compiled at build from %s); hot reload disabled",
                rules.version(), rules.ruleNames().size(), built.source());
        return RuleEngine.frozen(rules);
    }

    /** The action ids a rule set can emit: every {@code ActionCommand.of("...")} literal. */
    public static SortedSet<String> actionsUsed(List<RuleFile> files) {
        SortedSet<String> ids = new TreeSet<>();
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
        PlaybookSet set = PlaybookSet.load(PlaybookSources.load(dir), new CatalogueActionRules(catalogue));
        for (var p : set.problems()) { // playbook.Problem: its own type of the same name
            problems.add(
                    new Problem((dir == null ? "playbooks/" : dir + "/") + p.file(), p.line(), p.message(), p.hint()));
        }
        List<String> ids = set.all().stream().map(Playbook::id).toList();
        for (RuleFile f : rules) {
            String[] lines = f.content().split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                Matcher m = PLAYBOOK_RUN.matcher(lines[i]);
                while (m.find()) {
                    if (!ids.contains(m.group(1))) {
                        problems.add(new Problem(
                                f.path(),
                                i + 1,
                                "unknown playbook '" + m.group(1) + "'",
                                "known playbooks: " + String.join(", ", ids)));
                    }
                }
            }
        }
        return problems;
    }

    /** The playbook ids and action ids the loaded playbooks use (for {@code riposte iam-policy}). */
    public static PlaybookSet playbooks(Path dir, ActionCatalogue catalogue) {
        return PlaybookSet.load(PlaybookSources.load(dir), new CatalogueActionRules(catalogue));
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
                for (String p : catalogue.validateLiteral(
                        c.action(), c.targetComputed(), c.target(), c.params(), c.computed(), c.complete())) {
                    problems.add(new Problem(
                            f.path(),
                            c.lineOf(p),
                            p,
                            unknownAction
                                    ? "use an action id that `riposte actions` lists"
                                    : "`riposte actions` shows " + c.action() + "'s target and parameters"));
                }
            }
        }
        return problems;
    }
}
