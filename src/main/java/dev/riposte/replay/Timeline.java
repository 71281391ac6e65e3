package dev.riposte.replay;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts commands per action over event time. Buckets start at one minute and double in width
 * whenever there would be more than {@link #MAX_BUCKETS}, so memory stays bounded on any time span.
 */
final class Timeline {
    static final int MAX_BUCKETS = 240;
    private long bucketMillis = 60_000;
    private TreeMap<Long, Map<String, Long>> buckets = new TreeMap<>();

    void add(long timeMillis, String action) {
        long key = Math.floorDiv(timeMillis, bucketMillis) * bucketMillis;
        buckets.computeIfAbsent(key, k -> new TreeMap<>()).merge(action, 1L, Long::sum);
        while (buckets.size() > MAX_BUCKETS) {
            widen();
        }
    }

    private void widen() {
        bucketMillis *= 2;
        TreeMap<Long, Map<String, Long>> wider = new TreeMap<>();
        buckets.forEach((k, counts) -> {
            Map<String, Long> into =
                    wider.computeIfAbsent(Math.floorDiv(k, bucketMillis) * bucketMillis, x -> new TreeMap<>());
            counts.forEach((a, n) -> into.merge(a, n, Long::sum));
        });
        buckets = wider;
    }

    ReplayReport.Timeline report() {
        List<ReplayReport.Bucket> out = new ArrayList<>();
        buckets.forEach((k, counts) -> out.add(
                new ReplayReport.Bucket(Instant.ofEpochMilli(k).toString(), Collections.unmodifiableMap(counts))));
        return new ReplayReport.Timeline(bucketMillis / 1000, List.copyOf(out));
    }
}
