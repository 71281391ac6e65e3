package dev.riposte.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.riposte.source.file.EventFiles;
import dev.riposte.source.file.RawInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden normalized output for every sample under samples/: each folder that holds event files is read
 * as {@code riposte normalize samples/<folder>} reads it, and its output (one element per line: the
 * fact (docs/fact-model.md) with related facts, or the rejection) must equal src/test/resources/golden/<folder>.json.
 * After a deliberate change run {@code ./mvnw -q -B test -Dtest=SamplesGoldenTest -Dgolden.update=true}
 * and review the diff of the golden files.
 */
class SamplesGoldenTest {
    static final Path SAMPLES = Path.of("samples");
    static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");
    private final Normalizer normalizer = new Normalizer();

    /** Folders under samples/ that directly hold files EventFiles reads (the sample cases, and the .gz log file). */
    static List<Path> sampleFolders() throws IOException {
        Set<Path> dirs = new TreeSet<>();
        for (Path f : EventFiles.files(List.of(SAMPLES))) {
            dirs.add(f.getParent());
        }
        return List.copyOf(dirs);
    }

    @TestFactory
    Stream<DynamicTest> everySampleNormalizesToItsGoldenOutput() throws IOException {
        List<Path> dirs = sampleFolders();
        assertThat(dirs).hasSizeGreaterThanOrEqualTo(30);
        return dirs.stream()
                .map(d -> DynamicTest.dynamicTest(SAMPLES.relativize(d).toString(), () -> check(d)));
    }

    @Test
    void everyGoldenFileBelongsToASample() throws IOException {
        List<Path> expected = new ArrayList<>();
        for (Path d : sampleFolders()) {
            expected.add(golden(d));
        }
        try (Stream<Path> s = Files.walk(GOLDEN)) {
            assertThat(s.filter(Files::isRegularFile).sorted().toList())
                    .as("stale golden files")
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    private void check(Path dir) throws Exception {
        JsonNode actual = normalize(dir);
        Path file = golden(dir);
        if (UPDATE) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, JSON.writeValueAsString(actual) + "\n");
        }
        assertThat(file).as("golden file (create it with -Dgolden.update=true)").exists();
        assertThat(JSON.writeValueAsString(actual)).isEqualTo(JSON.writeValueAsString(JSON.readTree(file.toFile())));
        for (JsonNode line : actual) {
            assertThat(line.has("rejected"))
                    .as(dir + ": no sample is rejected: " + line)
                    .isFalse();
        }
    }

    static Path golden(Path sampleDir) {
        return GOLDEN.resolve(SAMPLES.relativize(sampleDir).toString() + ".json");
    }

    /** What {@code riposte normalize <dir>} prints, as one JSON array. */
    private JsonNode normalize(Path dir) {
        List<Object> out = new ArrayList<>();
        try (Stream<RawInput> in = EventFiles.read(List.of(dir))) {
            for (RawInput r : (Iterable<RawInput>) in::iterator) {
                String reason = r.error();
                if (reason == null) {
                    try {
                        normalizer.normalize(r.json()).forEach(n -> out.add(Facts.toJson(n)));
                        continue;
                    } catch (RejectedInputException e) {
                        reason = e.getMessage();
                    }
                }
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("rejected", reason);
                line.put(
                        "input",
                        SAMPLES.relativize(Path.of(r.origin().replaceAll(":\\d+$", "")))
                                .toString());
                out.add(line);
            }
        }
        return JSON.valueToTree(out);
    }
}
