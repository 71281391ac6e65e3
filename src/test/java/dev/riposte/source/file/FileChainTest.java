package dev.riposte.source.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading many files hands out each document as soon as it is read: a file is neither read ahead to its end nor
 * opened before the previous one is used up (replay keeps up to 64 files open and probes every file's first event;
 * a whole file buffered per open file once cost it most of its heap and half its CPU).
 */
class FileChainTest {

    /** What the chain pulled from each file and when it opened and closed them. */
    static final class Log {
        final List<String> events = new ArrayList<>();
    }

    static Stream<RawInput> counted(Path file, int documents, Log log) {
        String name = file.getFileName().toString();
        log.events.add("open " + name);
        Iterator<RawInput> it = IntStream.range(0, documents)
                .mapToObj(i -> {
                    log.events.add("read " + name + "#" + i);
                    return new RawInput(name + ":" + (i + 1), null, null);
                })
                .iterator();
        return EventFiles.stream(it).onClose(() -> log.events.add("close " + name));
    }

    @Test
    void documentsAreReadOneAtATimeAndFilesOpenedOnlyWhenNeeded() {
        Log log = new Log();
        List<Path> files = List.of(Path.of("a.jsonl"), Path.of("b.jsonl"));
        EventFiles.FileChain chain = new EventFiles.FileChain(files, f -> counted(f, 3, log));

        assertThat(chain.next().origin()).isEqualTo("a.jsonl:1");
        assertThat(log.events).containsExactly("open a.jsonl", "read a.jsonl#0");

        chain.next();
        chain.next();
        assertThat(log.events).doesNotContain("open b.jsonl");
        assertThat(chain.next().origin()).isEqualTo("b.jsonl:1");
        assertThat(log.events).containsSubsequence("read a.jsonl#2", "close a.jsonl", "open b.jsonl", "read b.jsonl#0");
        assertThat(log.events).doesNotContain("read b.jsonl#1");

        chain.close();
        assertThat(log.events).endsWith("close b.jsonl");
    }

    @Test
    void manyFilesAreReadInOrderWithNothingLost(@TempDir Path dir) throws Exception {
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            big.append("{\"n\":").append(i).append("}\n");
        }
        Files.writeString(dir.resolve("a.jsonl"), big);
        Files.writeString(dir.resolve("b.jsonl"), "{\"n\":\"b\"}\n");
        try (var s = EventFiles.read(List.of(dir.resolve("a.jsonl"), dir.resolve("b.jsonl")))) {
            List<RawInput> all = s.toList();
            assertThat(all).hasSize(20_001);
            assertThat(all.get(0).json().get("n").asInt()).isZero();
            assertThat(all.get(20_000).json().get("n").asText()).isEqualTo("b");
        }
    }
}
