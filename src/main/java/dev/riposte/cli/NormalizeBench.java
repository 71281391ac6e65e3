package dev.riposte.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riposte.normalize.Normalized;
import dev.riposte.normalize.Normalizer;
import dev.riposte.normalize.RejectedInputException;
import dev.riposte.source.file.EventFiles;
import dev.riposte.source.file.RawInput;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code riposte bench --normalize-only}: on one thread, Jackson {@code readTree} of each event's text next to
 * {@link Normalizer#normalize(String)} of the same text (parse, limits, envelope and source detection, facts),
 * in alternating rounds after a warm-up; prints events/s, CPU microseconds per event (thread CPU time, so other
 * load on the machine shows up in wall time, not here) and the ratio of the two.
 */
final class NormalizeBench {
    private static final int WARMUP_ROUNDS = 5;
    private static final int ROUNDS = 11;

    private final Normalizer normalizer;
    private final PrintWriter out;
    private final ObjectMapper jackson = new ObjectMapper();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    /** Keeps results alive so the JIT cannot drop the work. */
    private long sink;

    NormalizeBench(Normalizer normalizer, PrintWriter out) {
        this.normalizer = normalizer;
        this.out = out;
    }

    /** One round's cost. */
    record Round(long events, long wallNanos, long cpuNanos) {
        double perSecond() {
            return events * 1e9 / wallNanos;
        }

        double cpuMicrosPerEvent() {
            return cpuNanos / 1e3 / events;
        }
    }

    /** The events of the corpus as compact JSON text, one per input document the normalizer would see. */
    static List<String> load(List<Path> corpus) {
        List<String> texts = new ArrayList<>();
        try (Stream<RawInput> in = EventFiles.read(corpus)) {
            in.filter(r -> r.error() == null).forEach(r -> texts.add(r.json().toString()));
        }
        return texts;
    }

    /** @return parse+normalize CPU time per event divided by parse-only CPU time per event */
    double run(List<String> texts, long eventsPerRound) throws RejectedInputException {
        long bytes = texts.stream().mapToLong(String::length).sum();
        int facts = 0;
        for (String t : texts) {
            facts += normalizer.normalize(t).size(); // also proves every event normalizes before timing
        }
        out.printf(
                Locale.ROOT,
                "corpus: %d events (%d facts), %.1f KB, mean %d bytes/event; %d events per round, "
                        + "%d warm-up + %d measured rounds each, 1 thread%n",
                texts.size(),
                facts,
                bytes / 1024.0,
                bytes / texts.size(),
                eventsPerRound,
                WARMUP_ROUNDS,
                ROUNDS);
        for (int i = 0; i < WARMUP_ROUNDS; i++) {
            parseOnly(texts, eventsPerRound);
            normalize(texts, eventsPerRound);
        }
        Round[] parse = new Round[ROUNDS];
        Round[] norm = new Round[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            parse[i] = parseOnly(texts, eventsPerRound);
            norm[i] = normalize(texts, eventsPerRound);
        }
        Round p = median(parse);
        Round n = median(norm);
        print("parse only (Jackson readTree)", p);
        print("parse + normalize (Normalizer)", n);
        // each normalize round ran right after its parse round: the median of the pairs' ratios is the
        // figure least moved by other work on a shared machine
        double[] ratios = new double[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            ratios[i] = norm[i].cpuMicrosPerEvent() / parse[i].cpuMicrosPerEvent();
        }
        Arrays.sort(ratios);
        double cpuRatio = ratios[ROUNDS / 2];
        out.printf(
                Locale.ROOT,
                "parse+normalize / parse-only: %.2fx CPU per event (median of paired rounds; range %.2f-%.2f), "
                        + "%.2fx wall (target <= 1.5x)%n",
                cpuRatio,
                ratios[0],
                ratios[ROUNDS - 1],
                p.perSecond() / n.perSecond());
        out.printf(
                Locale.ROOT,
                "machine: %d cores, load average %.1f while measuring%n",
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        out.flush();
        return cpuRatio;
    }

    private void print(String label, Round r) {
        out.printf(
                Locale.ROOT,
                "%-32s %,10.0f events/s   %7.2f us CPU/event (median of %d rounds)%n",
                label,
                r.perSecond(),
                r.cpuMicrosPerEvent(),
                ROUNDS);
    }

    private static Round median(Round[] rounds) {
        Round[] sorted = rounds.clone();
        Arrays.sort(sorted, (a, b) -> Double.compare(a.cpuMicrosPerEvent(), b.cpuMicrosPerEvent()));
        return sorted[sorted.length / 2];
    }

    private Round parseOnly(List<String> texts, long events) {
        long cpu0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        long done = 0;
        while (done < events) {
            for (String t : texts) {
                try {
                    JsonNode n = jackson.readTree(t);
                    sink += n.size();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            done += texts.size();
        }
        return new Round(done, System.nanoTime() - t0, threads.getCurrentThreadCpuTime() - cpu0);
    }

    private Round normalize(List<String> texts, long events) throws RejectedInputException {
        long cpu0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        long done = 0;
        while (done < events) {
            for (String t : texts) {
                List<Normalized> facts = normalizer.normalize(t);
                sink += facts.size() + facts.get(0).event().resources().size();
            }
            done += texts.size();
        }
        return new Round(done, System.nanoTime() - t0, threads.getCurrentThreadCpuTime() - cpu0);
    }

    long sink() {
        return sink;
    }
}
