package dev.riposte.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The live mutations the breaker counted, as counts per time bucket rather than one entry per mutation, so the state
 * stays the same small size however busy the window is (one DynamoDB item must stay under 400 KB, and each write costs
 * a unit per KB). Bucket {@code i} holds the mutations of {@code [i * bucketMillis, (i + 1) * bucketMillis)} (epoch ms).
 * Every approximation here errs towards counting more, never fewer: a bucket counts until all of it has left the
 * window, and a mutation whose exact time is lost is counted in a later bucket.
 *
 * @param bucketMillis width of a bucket
 * @param first        index of the oldest bucket kept; {@code all} and each of {@code accounts} start there
 * @param all          mutations per bucket in all accounts together
 * @param accounts     mutations per bucket in one account (kept only while a per-account limit can trip first)
 */
public record BreakerWindow(long bucketMillis, long first, List<Integer> all, Map<String, List<Integer>> accounts) {

    public BreakerWindow {
        if (bucketMillis <= 0) {
            throw new IllegalArgumentException("a breaker bucket must be at least 1 ms wide, not " + bucketMillis);
        }
        all = all == null ? List.of() : List.copyOf(all);
        accounts = accounts == null ? Map.of() : Map.copyOf(accounts);
    }

    public static BreakerWindow empty(long bucketMillis) {
        return new BreakerWindow(bucketMillis, 0, List.of(), Map.of());
    }

    /** Mutations counted in all accounts. */
    public int total() {
        return sum(all);
    }

    /** Mutations counted in {@code account} (0 when accounts are not kept). */
    public int in(String account) {
        return sum(accounts.getOrDefault(account, List.of()));
    }

    /** Without the buckets that ended at or before {@code from}: the one {@code from} falls in still counts whole. */
    public BreakerWindow since(Instant from) {
        long keep = Math.floorDiv(from.toEpochMilli(), bucketMillis);
        if (keep <= first) {
            return this;
        }
        int drop = (int) Math.min(Integer.MAX_VALUE, keep - first);
        Map<String, List<Integer>> acc = new LinkedHashMap<>();
        accounts.forEach((a, counts) -> {
            List<Integer> kept = tail(counts, drop);
            if (sum(kept) > 0) {
                acc.put(a, kept);
            }
        });
        return new BreakerWindow(bucketMillis, keep, tail(all, drop), acc);
    }

    /**
     * Counts {@code n} mutations at {@code at} in {@code account} (and in its own counts if {@code perAccount}). A time
     * before the oldest bucket kept (another replica's clock behind this one's) counts in that bucket: later, so safely.
     */
    public BreakerWindow plus(Instant at, String account, int n, boolean perAccount) {
        return counted(at, perAccount ? account : null, n, true);
    }

    /** Gives back one mutation counted at {@code at} in {@code account}, if its bucket still holds one. */
    public BreakerWindow minus(Instant at, String account) {
        int i = (int) (Math.floorDiv(at.toEpochMilli(), bucketMillis) - first);
        if (i < 0 || i >= all.size() || all.get(i) == 0) {
            return this;
        }
        Map<String, List<Integer>> acc = new LinkedHashMap<>(accounts);
        List<Integer> mine = accounts.get(account);
        if (mine != null && i < mine.size() && mine.get(i) > 0) {
            List<Integer> less = add(mine, i, -1);
            if (sum(less) > 0) {
                acc.put(account, less);
            } else {
                acc.remove(account);
            }
        }
        return new BreakerWindow(bucketMillis, first, add(all, i, -1), acc);
    }

    /** Without the counts per account (a per-account limit at or above the global one never trips first). */
    public BreakerWindow withoutAccounts() {
        return accounts.isEmpty() ? this : new BreakerWindow(bucketMillis, first, all, Map.of());
    }

    /**
     * The same counts in buckets {@code width} wide (the window's length was configured anew): each old bucket's
     * mutations move to the new bucket holding the old one's last millisecond, so none expires earlier than it did.
     */
    public BreakerWindow rebucket(long width) {
        if (width == bucketMillis) {
            return this;
        }
        BreakerWindow out = empty(width);
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i) > 0) {
                out = out.counted(lastMilli(i), null, all.get(i), true);
            }
        }
        for (Map.Entry<String, List<Integer>> e : accounts.entrySet()) {
            for (int i = 0; i < e.getValue().size(); i++) {
                if (e.getValue().get(i) > 0) {
                    out = out.counted(lastMilli(i), e.getKey(), e.getValue().get(i), false);
                }
            }
        }
        return out;
    }

    private Instant lastMilli(int i) {
        return Instant.ofEpochMilli((first + i + 1) * bucketMillis - 1);
    }

    /** Adds {@code n} at {@code at}: to {@code account}'s counts unless null, and to all if {@code inAll}. */
    private BreakerWindow counted(Instant at, String account, int n, boolean inAll) {
        long index = Math.floorDiv(at.toEpochMilli(), bucketMillis);
        long start = all.isEmpty() && accounts.isEmpty() ? index : first;
        int i = (int) Math.max(0, index - start);
        Map<String, List<Integer>> acc = new LinkedHashMap<>(accounts);
        if (account != null) {
            acc.put(account, add(accounts.getOrDefault(account, List.of()), i, n));
        }
        return new BreakerWindow(bucketMillis, start, inAll ? add(all, i, n) : all, acc);
    }

    private static int sum(List<Integer> counts) {
        int s = 0;
        for (int c : counts) {
            s += c;
        }
        return s;
    }

    private static List<Integer> tail(List<Integer> counts, int drop) {
        return drop >= counts.size() ? List.of() : counts.subList(drop, counts.size());
    }

    private static List<Integer> add(List<Integer> counts, int i, int n) {
        List<Integer> out = new ArrayList<>(counts);
        while (out.size() <= i) {
            out.add(0);
        }
        out.set(i, out.get(i) + n);
        return out;
    }
}
