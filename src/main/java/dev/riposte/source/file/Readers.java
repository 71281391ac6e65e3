package dev.riposte.source.file;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Shared parsing set-up and error wording for the file readers. */
final class Readers {
    /** Per-document nesting allowance: the normalizer's 64 plus an array and a Records wrapper. */
    static final int MAX_DEPTH = 66;
    /** Longest JSON Lines line read; longer ones are skipped with a reason (the normalizer's size limit). */
    static final int MAX_LINE = 256 * 1024;

    static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(
                    StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build());

    private Readers() {}

    static boolean gzip(Path p) {
        return String.valueOf(p.getFileName()).toLowerCase(Locale.ROOT).endsWith(".gz");
    }

    static boolean lines(Path p) {
        String n = String.valueOf(p.getFileName()).toLowerCase(Locale.ROOT);
        if (n.endsWith(".gz")) {
            n = n.substring(0, n.length() - 3);
        }
        return n.endsWith(".jsonl") || n.endsWith(".ndjson");
    }

    /**
     * The file's bytes, gunzipped when it is {@code .gz}. Buffers are sized to the file (at most 64 KiB): CloudTrail
     * writes thousands of small log files (8 KB gzipped is typical) and replay opens each twice, so fixed 64 KiB
     * buffers were gigabytes of allocation. The readers above buffer for themselves (Jackson, {@link JsonLines}).
     */
    static InputStream open(Path p) throws IOException {
        int buffer = (int) Math.min(1 << 16, Math.max(1 << 10, Files.size(p)));
        InputStream in = new BufferedInputStream(Files.newInputStream(p), buffer);
        if (gzip(p)) {
            try {
                return new GZIPInputStream(in, buffer);
            } catch (IOException e) {
                in.close();
                throw e;
            }
        }
        return in;
    }

    /** One-line reason for a read failure. */
    static String reason(IOException e, boolean withLine) {
        if (e instanceof StreamConstraintsException sce) {
            return sce.getMessage() != null && sce.getMessage().contains("depth")
                    ? "too deeply nested: depth > 64"
                    : "too large: " + firstLine(sce.getMessage());
        }
        if (e instanceof JsonProcessingException jpe) {
            String msg = "not JSON: " + firstLine(jpe.getOriginalMessage());
            var loc = jpe.getLocation();
            if (loc != null && loc.getLineNr() > 0) {
                msg += withLine
                        ? " at line " + loc.getLineNr() + " column " + loc.getColumnNr()
                        : " at column " + loc.getColumnNr();
            }
            return msg;
        }
        if (e instanceof ZipException || e instanceof EOFException) {
            return "unreadable gzip: " + firstLine(e.getMessage() == null ? "unexpected end of file" : e.getMessage());
        }
        return "cannot read: " + firstLine(e.toString());
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }

    /** The value at the parser's current token (the mapper leaves the parser after it). */
    static JsonNode tree(JsonParser p) throws IOException {
        return MAPPER.readTree(p);
    }
}
