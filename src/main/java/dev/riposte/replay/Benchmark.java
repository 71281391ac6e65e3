package dev.riposte.replay;

import com.sun.management.OperatingSystemMXBean;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.ActionCatalogue;
import dev.riposte.dispatch.DispatchCheck;
import dev.riposte.normalize.Normalizer;
import dev.riposte.rules.CompileResult;
import dev.riposte.rules.RuleCompiler;
import dev.riposte.rules.RuleFile;
import dev.riposte.rules.RuleSet;
import dev.riposte.rules.RuleSources;
import dev.riposte.source.file.EventFiles;
import dev.riposte.source.file.RawInput;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code riposte bench}: generates a mixed corpus, then measures parse-only Jackson throughput over its
 * files and replay throughput (built-in rules plus 100 generated ones), twice in the same JVM (cold, then
 * warm), with the CPU and peak heap each used and where the replay's CPU went. Public: the CLI runs it.
 */
public final class Benchmark {
    /** Rules generated on top of the built-in set. */
    public static final int GENERATED_RULES = 100;

    private final Normalizer normalizer;
    private final ActionCatalogue catalogue;
    private final List<DispatchCheck> checks;
    private final PrintWriter out;

    public Benchmark(Normalizer normalizer, ActionCatalogue catalogue, List<DispatchCheck> checks, PrintWriter out) {
        this.normalizer = normalizer;
        this.catalogue = catalogue;
        this.checks = checks;
        this.out = out;
    }

    /**
     * {@code events} single events of the bench's mix, one millisecond apart from {@code start}, each as one body of
     * {@code POST /events} (the serve load benchmark). Deterministic for a seed, except for the times.
     */
    public static List<String> liveEvents(int events, Instant start, long seed) {
        CorpusGenerator g = new CorpusGenerator(seed);
        List<String> out = new ArrayList<>(events);
        for (int i = 0; i < events; i++) {
            out.add(g.liveEvent(start.plusMillis(i)));
        }
        return out;
    }

    /**
     * @param corpus  folder for the corpus: generated when it holds no files yet, else reused
     * @param events  events to generate
     * @param workers parse/normalize threads for the parallel replay
     * @return replay events/s divided by parse-only events/s, in the second (warm) pass
     */
    public double run(Path corpus, long events, int workers, boolean withInline) {
        long t0 = System.nanoTime();
        if (!hasFiles(corpus)) {
            CorpusGenerator.Corpus c = new CorpusGenerator(42).generate(corpus, events);
            out.printf(
                    Locale.ROOT,
                    "corpus: %,d events (CloudTrail %,d in log files, GuardDuty %,d, Config %,d, Security Hub %,d), "
                            + "%,d gzipped files, %,d MB, generated in %.1f s%n",
                    c.events(),
                    c.cloudTrail(),
                    c.guardDuty(),
                    c.config(),
                    c.securityHub(),
                    c.files(),
                    c.bytes() >> 20,
                    (System.nanoTime() - t0) / 1e9);
        } else {
            out.println("corpus: reusing " + corpus);
        }
        List<RuleFile> builtIn = builtIn();
        List<RuleFile> files = new ArrayList<>(builtIn);
        files.add(new RuleFile("generated/generated.drl", generatedRules(GENERATED_RULES)));
        long c0 = System.nanoTime();
        CompileResult compiled = RuleCompiler.compile(files, Duration.ofHours(1));
        if (compiled.ruleSet() == null) {
            throw new IllegalStateException("benchmark rules do not compile: " + compiled.problems());
        }
        RuleSet rules = compiled.ruleSet();
        out.printf(
                Locale.ROOT,
                "rules: %d (%d built-in + %d generated), compiled in %.1f s%n",
                rules.ruleNames().size(),
                rules.ruleNames().size() - GENERATED_RULES,
                GENERATED_RULES,
                (System.nanoTime() - c0) / 1e9);
        out.printf(
                Locale.ROOT,
                "machine: %d cores, max heap %,d MB, %s%n",
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        out.flush();

        // two passes in one JVM: the first pays for JIT compiling (a third of its CPU at 1M events) and is what a
        // one-off replay of this size costs; the second is the steady state a long replay runs in
        out.println("pass 1 of 2 (cold JVM: includes JIT compiling)");
        Measure parseCold = parseOnly(corpus);
        print("parse only (Jackson readTree, 1 thread)", parseCold);
        Measure replayCold = replay(corpus, rules, workers);
        print("replay, " + workers + " parse+normalize workers", replayCold);
        out.println("pass 2 of 2 (warm JVM)");
        Measure parse = parseOnly(corpus);
        print("parse only (Jackson readTree, 1 thread)", parse);
        Measure sequential = null;
        if (withInline) {
            sequential = replay(corpus, rules, 0);
            print("replay, parse+normalize inline (1 thread)", sequential);
        }
        Measure parallel = replay(corpus, rules, workers);
        print("replay, " + workers + " parse+normalize workers", parallel);
        double ratio = (double) parallel.perSecond() / parse.perSecond();
        out.printf(
                Locale.ROOT,
                "replay / parse-only = %.2f cold, %.2f warm (target >= 0.50)%s%n",
                (double) replayCold.perSecond() / parseCold.perSecond(),
                ratio,
                sequential == null
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                "; parallel / inline = %.2f",
                                (double) parallel.perSecond() / sequential.perSecond()));
        out.flush();
        return ratio;
    }

    /** {@code threadCpuSeconds}: CPU of the calling thread alone (in a replay, the rule session's thread). */
    private record Measure(
            long events,
            long millis,
            double cpuSeconds,
            double threadCpuSeconds,
            long peakHeapMb,
            String note,
            String breakdown) {
        Measure(long events, long millis, double cpuSeconds, double threadCpuSeconds, long peakHeapMb, String note) {
            this(events, millis, cpuSeconds, threadCpuSeconds, peakHeapMb, note, null);
        }

        long perSecond() {
            return millis == 0 ? events * 1000 : events * 1000 / millis;
        }
    }

    private void print(String what, Measure m) {
        out.printf(
                Locale.ROOT,
                "%-44s %,11d events %7.1f s %,10d events/s  cpu %.2f cores (%.1f cpu-s, %.1f on the calling thread)  peak heap %,d MB%s%n",
                what,
                m.events(),
                m.millis() / 1000.0,
                m.perSecond(),
                m.cpuSeconds() / (m.millis() / 1000.0),
                m.cpuSeconds(),
                m.threadCpuSeconds(),
                m.peakHeapMb(),
                m.note().isEmpty() ? "" : "  (" + m.note() + ")");
        if (m.breakdown() != null) {
            out.println("  " + m.breakdown());
        }
        out.flush();
    }

    private Measure parseOnly(Path corpus) {
        return measure(
                () -> {
                    long n = 0;
                    try (Stream<RawInput> in = EventFiles.read(List.of(corpus))) {
                        for (Iterator<RawInput> it = in.iterator(); it.hasNext(); ) {
                            if (it.next().json() != null) {
                                n++;
                            }
                        }
                    }
                    return new long[] {n};
                },
                "");
    }

    private Measure replay(Path corpus, RuleSet rules, int workers) {
        ReplayReport[] report = new ReplayReport[1];
        Replayer replayer = new Replayer(normalizer, catalogue, checks).workers(workers);
        long jit0 = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        long gc0 = gcMillis();
        Measure m = measure(
                () -> {
                    report[0] = replayer.run(
                            new Replayer.Input(List.of(corpus), null, null, rules, null, null), Progress.NONE);
                    return new long[] {report[0].facts()};
                },
                "");
        Replayer.StageCpu cpu = replayer.lastStageCpu();
        String breakdown = String.format(
                Locale.ROOT,
                "where it went: rule session + merge thread %.1f cpu-s, readers (parse, normalize, "
                        + "filter) %.1f cpu-s, decisions %.1f cpu-s; JIT compiling %.1f s, GC %.1f s",
                cpu.rules(),
                cpu.readers(),
                cpu.decisions(),
                (ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jit0) / 1000.0,
                (gcMillis() - gc0) / 1000.0);
        ReplayReport r = report[0];
        long commands =
                r.rules().stream().mapToLong(ReplayReport.RuleRow::commandCount).sum();
        long fired = r.rules().stream().filter(x -> x.matches() > 0).count();
        return new Measure(
                m.events(),
                m.millis(),
                m.cpuSeconds(),
                m.threadCpuSeconds(),
                m.peakHeapMb(),
                String.format(
                        Locale.ROOT,
                        "%d rules fired, %,d commands planned, %.1f%% of events produced a command, %,d late, %,d rejected",
                        fired,
                        commands,
                        matchedPercent(r),
                        r.late(),
                        r.rejected()),
                breakdown);
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(g -> Math.max(0, g.getCollectionTime()))
                .sum();
    }

    /** Share of facts that produced at least one command (a decision other than {@code no-match}). */
    static double matchedPercent(ReplayReport r) {
        return r.facts() == 0
                ? 0
                : 100.0 * (r.facts() - r.outcomes().getOrDefault(Outcome.NO_MATCH.value(), 0L)) / r.facts();
    }

    private interface Work {
        long[] run();
    }

    private static Measure measure(Work work, String note) {
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long thread0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        long[] n = work.run();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        double thread = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - thread0) / 1e9;
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum() >> 20;
        return new Measure(n[0], ms, cpu, thread, peak, note);
    }

    /** The built-in rules when this build ships any. */
    private static List<RuleFile> builtIn() {
        try {
            return RuleSources.builtIn();
        } catch (IllegalStateException e) {
            return List.of();
        }
    }

    /**
     * Rules of the kinds security teams write, spread over the corpus: CloudTrail API calls by name, user and account;
     * GuardDuty findings by type and severity; Config rules turning non-compliant by rule, account and region; Security
     * Hub controls failing at high severity (normalized 70+) by control and account; and sign-in brute force correlated
     * over a 10-minute window. Like real rule sets they match a minority of events (the README gives the rate).
     */
    public static String generatedRules(int count) {
        StringBuilder b = new StringBuilder(
                "package rules.generated;\nimport dev.riposte.fact.*;\nimport dev.riposte.command.*;\n\n");
        String[] ct = CorpusGenerator.EVENT_NAMES;
        String[] gd = CorpusGenerator.GUARDDUTY_TYPES;
        String[] accounts = CorpusGenerator.ACCOUNTS;
        String[] regions = CorpusGenerator.REGIONS;
        for (int i = 0; i < count; i++) {
            String name = String.format(Locale.ROOT, "generated %03d", i);
            String account = accounts[i % accounts.length];
            String region = regions[(i / accounts.length) % regions.length];
            b.append("rule \"").append(name).append("\"\nwhen\n");
            switch (i % 5) {
                case 0 ->
                    b.append("    $e : SecurityEvent(source == \"cloudtrail\", type == \"")
                            .append(ct[(i / 5) % ct.length])
                            .append("\", account == \"")
                            .append(account)
                            .append("\", principal!.name == \"user-")
                            .append(i % 50)
                            .append("\")\n")
                            .append(
                                    "then\n    insert(ActionCommand.of(\"notify:log\", $e.principal().arn()).with(\"message\", \"")
                            .append(name)
                            .append("\"));\n");
                case 1 ->
                    b.append("    $e : SecurityEvent(source == \"guardduty\", type == \"")
                            .append(gd[(i / 5) % gd.length])
                            .append("\", severity >= ")
                            .append(5 + (i % 4))
                            .append(".0, account == \"")
                            .append(account)
                            .append("\")\n")
                            .append("    $i : Resource(type == \"AWS::EC2::Instance\") from $e.resources\n")
                            .append(
                                    "then\n    insert(ActionCommand.of(\"ec2:isolate-instance\", $i.id()).with(\"reason\", \"")
                            .append(name)
                            .append("\"));\n");
                case 2 ->
                    b.append("    $e : SecurityEvent(source == \"config\", type == \"")
                            .append(CorpusGenerator.CONFIG_RULES[(i / 5) % CorpusGenerator.CONFIG_RULES.length])
                            .append("\", account == \"")
                            .append(account)
                            .append("\", region == \"")
                            .append(region)
                            .append("\")\n")
                            .append("    ConfigCompliance(eventId == $e.id, nonCompliant())\n")
                            .append(
                                    "then\n    insert(ActionCommand.of(\"notify:log\", $e.account()).with(\"message\", \"")
                            .append(name)
                            .append("\"));\n");
                case 3 ->
                    b.append("    $e : SecurityEvent(source == \"securityhub\", type == \"")
                            .append(CorpusGenerator.CONTROLS[(i / 5) % CorpusGenerator.CONTROLS.length])
                            .append("\", severity >= 7.0, account == \"")
                            .append(account)
                            .append("\")\n")
                            .append(
                                    "then\n    insert(ActionCommand.of(\"notify:log\", $e.account()).with(\"message\", \"")
                            .append(name)
                            .append("\"));\n");
                default ->
                    b.append(
                                    "    $e : SecurityEvent(source == \"cloudtrail\", type == \"ConsoleLogin\", isFailure(), account == \"")
                            .append(account)
                            .append("\", $ip : principal!.sourceIp)\n")
                            .append("    not SecurityEvent(source == \"cloudtrail\", type == \"ConsoleLogin\","
                                    + " isFailure(), principal!.sourceIp == $ip, this after $e)\n")
                            .append("    Number(intValue == ")
                            .append(3 + (i % 3))
                            .append(") from accumulate(\n")
                            .append("        SecurityEvent(source == \"cloudtrail\", type == \"ConsoleLogin\", "
                                    + "isFailure(), principal!.sourceIp == $ip) over window:time(10m), count(1))\n")
                            .append("then\n    insert(ActionCommand.of(\"notify:log\", $ip).with(\"message\", \"")
                            .append(name)
                            .append("\"));\n");
            }
            b.append("end\n\n");
        }
        return b.toString();
    }

    private static boolean hasFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.anyMatch(Files::isRegularFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a generated corpus. */
    public static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }
}
