package dev.riposte.cli;

import picocli.CommandLine.Option;

/** {@code --format text|json}: people read text, scripts and CI read JSON. */
class FormatOption {
    @Option(
            names = "--format",
            paramLabel = "text|json",
            defaultValue = "text",
            description = "output format: ${COMPLETION-CANDIDATES}")
    Format format;

    enum Format {
        text,
        json
    }

    boolean json() {
        return format == Format.json;
    }
}
