package dev.riposte.rules;

import dev.riposte.fact.Events;
import dev.riposte.fact.Principal;
import dev.riposte.fact.SecurityEvent;
import dev.riposte.replay.Benchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The numbers of docs/performance.md "Executable model": the bench's rule set (built-in + {@link Benchmark#GENERATED_RULES}
 * generated) compiled the classic way and into the executable model, and the first event after each. One measurement a
 * JVM, so each pays its own class loading as a starting process does:
 * {@code java -cp target/test-classes:target/classes:<test class path> dev.riposte.rules.ModelBuildTiming classic|build DIR|load DIR}.
 */
public final class ModelBuildTiming {

    private ModelBuildTiming() {}

    public static void main(String[] args) throws Exception {
        List<RuleFile> files = new ArrayList<>(RuleSources.builtIn());
        files.add(new RuleFile("generated/generated.drl", Benchmark.generatedRules(Benchmark.GENERATED_RULES)));
        long t0 = System.nanoTime();
        RuleSet rules;
        String what;
        switch (args[0]) {
            case "classic" -> {
                rules = RuleCompiler.compile(files, Duration.ofHours(1)).ruleSet();
                what = "classic compile (DRL -> KieBase)";
            }
            case "build" -> {
                RuleModelBuild.Compiled compiled = RuleModelBuild.compile(files, Duration.ofHours(1), "bench", "bench");
                if (!compiled.ok()) {
                    throw new IllegalStateException(compiled.problems().toString());
                }
                RuleModelBuild.write(compiled, Files.createDirectories(Path.of(args[1])));
                System.out.printf(
                        Locale.ROOT,
                        "executable model build (DRL -> Java -> classes, written): %.2f s, %d files%n",
                        (System.nanoTime() - t0) / 1e9,
                        compiled.files().size());
                return;
            }
            case "load" -> {
                rules = FrozenRules.load(
                        new ModelFolderLoader(Path.of(args[1]), ModelBuildTiming.class.getClassLoader()));
                what = "frozen load (model classes -> KieBase)";
            }
            default -> throw new IllegalArgumentException("classic | build DIR | load DIR");
        }
        long t1 = System.nanoTime();
        SecurityEvent e = Events.cloudTrail("ConsoleLogin")
                .id("first")
                .principal(new Principal(
                        "arn:aws:iam::111122223333:root", "Root", null, null, "198.51.100.1", "111122223333"))
                .outcome("success")
                .build();
        int fired;
        try (RuleSession s = rules.newSession(true)) {
            fired = s.evaluate(e, List.of()).firings().size();
        }
        long t2 = System.nanoTime();
        System.out.printf(
                Locale.ROOT,
                "%s: %d rules in %.2f s; first event (new session, %d firing) %.0f ms; total %.2f s%n",
                what,
                rules.ruleNames().size(),
                (t1 - t0) / 1e9,
                fired,
                (t2 - t1) / 1e6,
                (t2 - t0) / 1e9);
    }
}
