package dev.riposte.replay;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of a long replay. {@link #terminal} draws a one-line bar with rate and ETA (by bytes of the
 * files read completely); {@link #NONE} is silent, for pipes and CI logs. Public: the CLI picks one.
 */
public interface Progress {

    /** @param facts facts evaluated so far */
    void update(long facts, long doneBytes, long totalBytes);

    void finish();

    Progress NONE = new Progress() {
        @Override
        public void update(long facts, long doneBytes, long totalBytes) {}

        @Override
        public void finish() {}
    };

    /** A bar redrawn in place on {@code out} at most every 200 ms. */
    static Progress terminal(PrintStream out) {
        return new Bar(out);
    }

    /** The line a terminal shows; public for the wording test. */
    static String line(long facts, long doneBytes, long totalBytes, long elapsedMs) {
        double fraction = totalBytes <= 0 ? 0 : Math.min(1.0, (double) doneBytes / totalBytes);
        int width = 30;
        int full = (int) Math.round(fraction * width);
        long rate = elapsedMs <= 0 ? 0 : facts * 1000 / elapsedMs;
        String eta = doneBytes <= 0 || fraction <= 0
                ? "--:--"
                : clock((long) (elapsedMs * (1 - fraction) / fraction / 1000));
        return String.format(
                Locale.ROOT,
                "[%s%s] %3d%% %,d events  %,d events/s  ETA %s",
                "#".repeat(full),
                ".".repeat(width - full),
                Math.round(fraction * 100),
                facts,
                rate,
                eta);
    }

    private static String clock(long seconds) {
        return seconds >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }

    final class Bar implements Progress {
        private final PrintStream out;
        private final long start = System.nanoTime();
        private long lastDraw;
        private int lastLength;

        private Bar(PrintStream out) {
            this.out = out;
        }

        @Override
        public void update(long facts, long doneBytes, long totalBytes) {
            long now = System.nanoTime();
            if (now - lastDraw < 200_000_000L) {
                return;
            }
            lastDraw = now;
            String l = line(facts, doneBytes, totalBytes, (now - start) / 1_000_000);
            out.print("\r" + l + " ".repeat(Math.max(0, lastLength - l.length())));
            lastLength = l.length();
            out.flush();
        }

        @Override
        public void finish() {
            if (lastLength > 0) {
                out.print("\r" + " ".repeat(lastLength) + "\r");
                out.flush();
            }
        }
    }
}
