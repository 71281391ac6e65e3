package dev.riposte.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How the rule tests get their rule sets, in the mode the build runs them in: {@code runtime} (DRL compiled by
 * {@link RuleCompiler}) or, in the second surefire run ({@code -Driposte.test.rules.mode=frozen}), frozen: the built-in
 * rules are the model compiled at build ({@link FrozenRules#load()}), and a test's own DRL is compiled into the
 * executable model as the build does ({@link RuleModelBuild}), written to a folder and loaded from there by
 * {@link FrozenRules} as the packaged application loads its model. The same assertions then hold for both.
 */
public final class TestRules {

    public static final String PROPERTY = "riposte.test.rules.mode";
    private static final Map<String, CompileResult> FROZEN = new ConcurrentHashMap<>();

    private TestRules() {}

    public static RuleMode mode() {
        return RuleMode.parse(System.getProperty(PROPERTY, "runtime"));
    }

    /** The built-in rules with the default expiry (one hour). */
    public static RuleSet builtIn() {
        if (mode() == RuleMode.FROZEN) {
            return FrozenRules.load();
        }
        CompileResult r = RuleCompiler.compile(RuleSources.builtIn(), Duration.ofHours(1));
        if (!r.ok()) {
            throw new IllegalStateException(r.problems().toString());
        }
        return r.ruleSet();
    }

    /** {@code files} compiled in the test mode; the problems of either compiler name file and line. */
    public static CompileResult compile(List<RuleFile> files, Duration eventExpiry) {
        if (mode() == RuleMode.RUNTIME) {
            return RuleCompiler.compile(files, eventExpiry);
        }
        // a rule set is immutable: tests that build the same one share it (the executable model takes seconds to build)
        return FROZEN.computeIfAbsent(RuleSources.version(files) + "/" + eventExpiry, k -> frozen(files, eventExpiry));
    }

    private static CompileResult frozen(List<RuleFile> files, Duration eventExpiry) {
        RuleModelBuild.Compiled compiled = RuleModelBuild.compile(files, eventExpiry, "test", "test");
        if (!compiled.ok()) {
            return new CompileResult(null, compiled.problems());
        }
        try {
            Path dir = Files.createTempDirectory("riposte-model");
            dir.toFile().deleteOnExit();
            RuleModelBuild.write(compiled, dir);
            ClassLoader loader = new ModelFolderLoader(dir, TestRules.class.getClassLoader());
            return new CompileResult(FrozenRules.load(loader), List.of());
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
