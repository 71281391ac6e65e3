package dev.riposte.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Writes a {@link ReplayReport} as JSON, Markdown or a self-contained HTML page, chosen by the file's extension. Public: the CLI. */
public final class Reports {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Reports() {}

    /** @throws IllegalArgumentException unless the name ends in {@code .json}, {@code .md} or {@code .html} */
    public static void checkName(Path file) {
        extension(file);
    }

    public static void write(ReplayReport report, Path file) {
        String text = switch (extension(file)) {
            case "json" -> json(report);
            case "md" -> MarkdownReport.render(report);
            default -> HtmlReport.render(report);
        };
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write report " + file + ": " + e.getMessage(), e);
        }
    }

    public static String json(ReplayReport report) {
        try {
            return JSON.writeValueAsString(report) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String extension(Path file) {
        String n = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
        if (n.endsWith(".json")) {
            return "json";
        }
        if (n.endsWith(".md") || n.endsWith(".markdown")) {
            return "md";
        }
        if (n.endsWith(".html") || n.endsWith(".htm")) {
            return "html";
        }
        throw new IllegalArgumentException("report file must end in .json, .md or .html: " + file);
    }
}
