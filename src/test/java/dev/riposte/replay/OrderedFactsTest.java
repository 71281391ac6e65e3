package dev.riposte.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.normalize.Normalizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrderedFactsTest {
    @TempDir
    Path dir;

    final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private static String line(int minute) {
        return Fixtures.record("ev-" + minute, minute, "DescribeInstances");
    }

    private Path jsonl(String name, int... minutes) {
        return Fixtures.write(
                dir.resolve(name),
                IntStream.of(minutes).mapToObj(OrderedFactsTest::line).collect(Collectors.joining("\n")));
    }

    private List<Item> drain(OrderedFacts facts) {
        List<Item> out = new ArrayList<>();
        facts.forEachRemaining(out::add);
        facts.close();
        return out;
    }

    private static List<Long> minutes(List<Item> items) {
        return items.stream()
                .filter(i -> i.fact() != null)
                .map(i -> (i.time() - Fixtures.T0.toEpochMilli()) / 60_000)
                .toList();
    }

    @Test
    void mergesFilesByEventTimeAndUndoesDisorderInsideAFile() {
        Path a = jsonl("a.jsonl", 0, 3, 6, 9);
        Path b = jsonl("b.jsonl", 1, 4, 7);
        Path c = jsonl("c.jsonl", 8, 2, 5); // not sorted inside
        OrderedFacts facts = new OrderedFacts(List.of(a, b, c), new Normalizer(), e -> true, pool, 8, 16);
        List<Item> items = drain(facts);
        assertThat(minutes(items)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(facts.late()).isZero();
    }

    @Test
    void opensFilesAsTheMergeReachesThemAndNeverMoreThanTheLimit() {
        // 40 files of consecutive hours, listed in reverse: each is opened when the merge gets to its time
        List<Path> files = new ArrayList<>();
        for (int h = 39; h >= 0; h--) {
            files.add(jsonl("hour-" + h + ".jsonl", h * 60, h * 60 + 20, h * 60 + 40));
        }
        OrderedFacts facts = new OrderedFacts(files, new Normalizer(), e -> true, pool, 3, 4);
        List<Long> m = minutes(drain(facts));
        assertThat(m).hasSize(120).isSorted();
        assertThat(facts.maxOpenSeen()).isLessThanOrEqualTo(3);
        assertThat(facts.late()).isZero();
        assertThat(facts.doneBytes()).isEqualTo(facts.totalBytes());
    }

    @Test
    void moreOverlapThanTheBoundsAllowIsCountedAsLateNotLost() {
        // 10 files that all span the same hour, but only 2 may be open: order cannot be kept, nothing is dropped
        List<Path> files = new ArrayList<>();
        Random random = new Random(7);
        for (int f = 0; f < 10; f++) {
            int[] m = new int[6];
            for (int i = 0; i < m.length; i++) {
                m[i] = f + i * 10;
            }
            files.add(jsonl("f" + f + ".jsonl", m));
        }
        Collections.shuffle(files, random);
        OrderedFacts facts = new OrderedFacts(files, new Normalizer(), e -> true, pool, 2, 2);
        List<Long> m = minutes(drain(facts));
        assertThat(m).hasSize(60);
        assertThat(facts.maxOpenSeen()).isLessThanOrEqualTo(2);
        assertThat(facts.late()).isPositive();
        long out = 0;
        for (int i = 1; i < m.size(); i++) {
            out += m.get(i)
                            < m.subList(0, i).stream()
                                    .mapToLong(Long::longValue)
                                    .max()
                                    .orElseThrow()
                    ? 1
                    : 0;
        }
        assertThat(facts.late()).isEqualTo(out);
    }

    @Test
    void rejectedInputComesThroughWithItsOriginAndReason() {
        Path good = jsonl("good.jsonl", 5);
        Path bad = Fixtures.write(dir.resolve("bad.jsonl"), line(1) + "\n{not json\n{\"hello\":\"world\"}\n");
        OrderedFacts facts = new OrderedFacts(List.of(good, bad), new Normalizer(), e -> true, Runnable::run, 4, 4);
        List<Item> items = drain(facts);
        assertThat(items)
                .filteredOn(i -> i.rejection() != null)
                .extracting(Item::origin)
                .containsExactlyInAnyOrder(bad + ":2", bad + ":3");
        assertThat(items)
                .filteredOn(i -> i.rejection() != null)
                .extracting(Item::rejection)
                .anySatisfy(r -> assertThat(r).startsWith("not JSON"))
                .anySatisfy(r -> assertThat(r).startsWith("unknown event shape"));
        assertThat(minutes(items)).containsExactly(1L, 5L);
    }
}
