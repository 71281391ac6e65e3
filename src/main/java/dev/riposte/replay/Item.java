package dev.riposte.replay;

import dev.riposte.normalize.Normalized;
import dev.riposte.rules.Verdict;
import java.util.Comparator;

/**
 * One thing read from the input files: a normalized fact with its event time, or an input that was
 * rejected (unreadable, not an event) with the reason.
 *
 * @param time      event time in epoch millis; {@link Long#MIN_VALUE} for a rejection, so it leaves its file first
 * @param file      index of the file in the replay's file list (ties in time keep file order)
 * @param seq       position in its file (ties in time keep input order)
 * @param origin    {@code file} or {@code file:line}
 * @param fact      the fact, null for a rejection
 * @param rejection one-line reason, null for a fact
 * @param verdict   what of the fact can reach a rule of the replayed set (see {@link dev.riposte.rules.EventFilter})
 * @param otherVerdict the same for the --compare-rules set
 */
record Item(
        long time,
        int file,
        long seq,
        String origin,
        Normalized fact,
        String rejection,
        Verdict verdict,
        Verdict otherVerdict) {

    /**
     * Event time, then file, then position: written out because the merge compares millions of times (a chain of lambdas cost 10% of the
     * rule thread).
     */
    static final Comparator<Item> ORDER = Item::compare;

    private static int compare(Item a, Item b) {
        int c = Long.compare(a.time, b.time);
        if (c != 0) {
            return c;
        }
        c = Integer.compare(a.file, b.file);
        return c != 0 ? c : Long.compare(a.seq, b.seq);
    }

    static Item fact(Normalized fact, int file, long seq, String origin, Verdict verdict, Verdict otherVerdict) {
        return new Item(fact.event().timestamp(), file, seq, origin, fact, null, verdict, otherVerdict);
    }

    static Item rejected(String reason, int file, long seq, String origin) {
        return new Item(Long.MIN_VALUE, file, seq, origin, null, reason, Verdict.ALL, Verdict.ALL);
    }
}
