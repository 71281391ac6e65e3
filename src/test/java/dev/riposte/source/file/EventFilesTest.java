package dev.riposte.source.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventFilesTest {
    @TempDir
    Path dir;

    private List<RawInput> read(Path... paths) {
        try (Stream<RawInput> s = EventFiles.read(List.of(paths))) {
            return s.toList();
        }
    }

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        return p;
    }

    private Path gz(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
        return p;
    }

    @Test
    void jsonLinesSkipBlankLinesAndGoOnAfterABadLine() throws IOException {
        Path f = write("events.jsonl", "{\"a\":1}\n\n{oops\r\n  \n{\"a\":2}\n");
        List<RawInput> in = read(f);
        assertThat(in).extracting(RawInput::origin).containsExactly(f + ":1", f + ":3", f + ":5");
        assertThat(in.get(0).json().get("a").asInt()).isEqualTo(1);
        assertThat(in.get(1).json()).isNull();
        assertThat(in.get(1).error())
                .startsWith("not JSON: Unexpected character")
                .endsWith("at column 2");
        assertThat(in.get(2).json().get("a").asInt()).isEqualTo(2);
    }

    @Test
    void overlongLineIsSkippedWithAReason() throws IOException {
        Path f = write("big.ndjson", "{\"pad\":\"" + "x".repeat(300_000) + "\"}\n{\"a\":1}\n");
        List<RawInput> in = read(f);
        assertThat(in.get(0).error()).isEqualTo("too large: line longer than 262144 bytes");
        assertThat(in.get(1).origin()).isEqualTo(f + ":2");
        assertThat(in.get(1).json().get("a").asInt()).isEqualTo(1);
    }

    @Test
    void jsonLinesOfEverySizeAcrossBufferBoundariesKeepTheirContentAndLineNumbers() throws IOException {
        // lengths around the 64 KiB read buffer and its growth, CRLF and LF, non-ASCII text, no newline at the end
        int[] sizes = {0, 1, 10, 65_000, 65_536, 70_000, 3, 140_000, 200_000, 5, 262_000, 7};
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < sizes.length; i++) {
            b.append("{\"i\":")
                    .append(i)
                    .append(",\"s\":\"")
                    .append("é".repeat(sizes[i] / 8))
                    .append("x".repeat(sizes[i] - sizes[i] / 8 * 2))
                    .append("\"}")
                    .append(i % 2 == 0 ? "\r\n" : "\n");
        }
        b.append("\n{\"i\":99,\"s\":\"last\"}");
        Path f = gz("sizes.jsonl.gz", b.toString());
        List<RawInput> in = read(f);
        assertThat(in).hasSize(sizes.length + 1);
        for (int i = 0; i < sizes.length; i++) {
            assertThat(in.get(i).error()).as("line %d", i + 1).isNull();
            assertThat(in.get(i).origin()).isEqualTo(f + ":" + (i + 1));
            assertThat(in.get(i).json().get("i").asInt()).isEqualTo(i);
            assertThat(in.get(i).json().get("s").asText())
                    .isEqualTo("é".repeat(sizes[i] / 8) + "x".repeat(sizes[i] - sizes[i] / 8 * 2));
        }
        assertThat(in.get(sizes.length).origin()).isEqualTo(f + ":" + (sizes.length + 2));
        assertThat(in.get(sizes.length).json().get("s").asText()).isEqualTo("last");
    }

    @Test
    void overlongLastLineWithoutNewlineIsReportedAndNothingElseIsLost() throws IOException {
        Path f = write("tail.jsonl", "{\"a\":1}\n{\"pad\":\"" + "y".repeat(600_000) + "\"}");
        List<RawInput> in = read(f);
        assertThat(in).extracting(RawInput::origin).containsExactly(f + ":1", f + ":2");
        assertThat(in.get(0).json().get("a").asInt()).isEqualTo(1);
        assertThat(in.get(1).error()).isEqualTo("too large: line longer than 262144 bytes");
    }

    @Test
    void arrayElementsCarryTheLineWhereTheyStart() throws IOException {
        Path f = write("arr.json", "[\n  {\"a\": 1},\n  {\n    \"a\": 2\n  }\n]\n");
        List<RawInput> in = read(f);
        assertThat(in).extracting(RawInput::origin).containsExactly(f + ":2", f + ":3");
        assertThat(in.get(1).json().get("a").asInt()).isEqualTo(2);
    }

    @Test
    void folderWalksSkipRuleTestExpectationsButNotOtherExpectedFiles() throws IOException {
        Path caseDir = Files.createDirectories(dir.resolve("cases/one"));
        Files.writeString(caseDir.resolve("event.json"), "{\"a\":1}");
        Files.writeString(caseDir.resolve("expected.json"), "{\"rules\":[],\"commands\":[]}");
        Files.writeString(caseDir.resolve("context.json"), "{\"activity\":{}}");
        Path other = Files.createDirectories(dir.resolve("cases/plain"));
        Files.writeString(other.resolve("expected.json"), "{\"a\":2}");
        List<RawInput> in = read(dir.resolve("cases"));
        assertThat(in)
                .extracting(RawInput::origin)
                .containsExactlyInAnyOrder(
                        caseDir.resolve("event.json").toString(),
                        other.resolve("expected.json").toString());
    }

    @Test
    void singleDocumentHasTheFileAsOrigin() throws IOException {
        Path f = write("one.json", "{\"detail-type\": \"x\", \"Records\": 5}");
        List<RawInput> in = read(f);
        assertThat(in).singleElement().satisfies(r -> {
            assertThat(r.origin()).isEqualTo(f.toString());
            assertThat(r.json().get("Records").asInt()).isEqualTo(5);
            assertThat(r.json().get("detail-type").asText()).isEqualTo("x");
        });
    }

    @Test
    void cloudTrailLogFileGivesOneEntryPerRecord() throws IOException {
        Path f = gz(
                "111122223333_CloudTrail_us-east-1_20240501T1200Z_abcDEF123.json.gz",
                "{\"Records\":[\n{\"eventID\":\"1\"},\n{\"eventID\":\"2\"},\n{\"eventID\":\"3\"}]}");
        List<RawInput> in = read(f);
        assertThat(in).extracting(r -> r.json().get("eventID").asText()).containsExactly("1", "2", "3");
        assertThat(in).extracting(RawInput::origin).containsExactly(f + ":2", f + ":3", f + ":4");
    }

    @Test
    void gzippedJsonLinesAndUnreadableGzip() throws IOException {
        Path good = gz("a.jsonl.gz", "{\"a\":1}\n{\"a\":2}\n");
        Path bad = write("b.json.gz", "this is not gzip");
        List<RawInput> in = read(good, bad);
        assertThat(in).hasSize(3);
        assertThat(in.get(2).origin()).isEqualTo(bad.toString());
        assertThat(in.get(2).error()).startsWith("unreadable gzip: Not in GZIP format");
    }

    @Test
    void truncatedJsonEndsTheFileWithAReason() throws IOException {
        Path f = write("cut.json", "[{\"a\":1},\n{\"a\":");
        List<RawInput> in = read(f);
        assertThat(in).hasSize(2);
        assertThat(in.get(1).error())
                .startsWith("not JSON: Unexpected end-of-input")
                .contains("at line 2");
    }

    @Test
    void foldersAreReadRecursivelyInOrderSkippingOtherFilesAndDigests() throws IOException {
        write("b/2.json", "{\"n\":\"b2\"}");
        write("a/1.jsonl", "{\"n\":\"a1\"}");
        write("a/notes.txt", "ignored");
        write("a/.hidden.json", "{\"n\":\"hidden\"}");
        write("c.json", "{\"n\":\"c\"}");
        String trail = "AWSLogs/111122223333/CloudTrail/";
        write(
                trail + "us-west-2/2024/05/01/111122223333_CloudTrail_us-west-2_20240501T1205Z_b2.json",
                "{\"Records\":[{\"n\":\"west-1205\"}]}");
        write(
                trail + "us-east-1/2024/05/01/111122223333_CloudTrail_us-east-1_20240501T1210Z_a1.json",
                "{\"Records\":[{\"n\":\"east-1210\"}]}");
        write(
                trail + "us-east-1/2024/05/01/111122223333_CloudTrail_us-east-1_20240501T1200Z_c3.json",
                "{\"Records\":[{\"n\":\"east-1200\"}]}");
        write("AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2024/05/01/digest.json.gz", "{}");
        List<RawInput> in = read(dir);
        assertThat(in)
                .extracting(r -> r.json().get("n").asText())
                .containsExactly("east-1200", "west-1205", "east-1210", "a1", "b2", "c");
    }

    @Test
    void globsMatchFiles() throws IOException {
        write("x/1.json", "{\"n\":1}");
        write("x/2.jsonl", "{\"n\":2}");
        write("x/3.json", "{\"n\":3}");
        List<RawInput> in = read(Path.of(dir + "/x/*.json"));
        assertThat(in).extracting(r -> r.json().get("n").asInt()).containsExactly(1, 3);
        assertThatThrownBy(() -> read(Path.of(dir + "/x/*.yaml")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("no file matches: ");
    }

    @Test
    void missingPathIsAUsageError() {
        Path missing = dir.resolve("nope.json");
        assertThatThrownBy(() -> EventFiles.read(List.of(missing)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no such file: " + missing);
    }

    @Test
    void readingIsLazy() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            sb.append("{\"i\":").append(i).append("}\n");
        }
        Path f = write("many.jsonl", sb.toString());
        Path later = write("later.json", "{\"i\":-1}");
        try (Stream<RawInput> s = EventFiles.read(List.of(f, later))) {
            assertThat(s.limit(3).map(r -> r.json().get("i").asInt())).containsExactly(0, 1, 2);
        }
    }
}
