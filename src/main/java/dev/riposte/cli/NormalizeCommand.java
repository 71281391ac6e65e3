package dev.riposte.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riposte.normalize.Facts;
import dev.riposte.normalize.Normalized;
import dev.riposte.normalize.Normalizer;
import dev.riposte.normalize.RejectedInputException;
import dev.riposte.pipeline.Components;
import dev.riposte.source.file.EventFiles;
import dev.riposte.source.file.RawInput;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
        name = "normalize",
        mixinStandardHelpOptions = true,
        footer = {"", "Example:", "  riposte normalize samples/guardduty/ec2-tor-client/event.json"},
        description =
                "Print the normalized facts of each input event as JSON Lines, in input order. Exit 1 if any input was rejected.")
class NormalizeCommand extends PrintingCommand {
    @Parameters(
            arity = "1..*",
            paramLabel = "PATH",
            description = "files or folders (JSON, JSONL, .gz, CloudTrail log files)")
    List<Path> paths;

    @picocli.CommandLine.Option(
            names = "--format",
            paramLabel = "auto|guardduty|cloudtrail|securityhub|config|inspector|macie|accessanalyzer|health|custom",
            defaultValue = "auto",
            description = "force the input format instead of detecting it (default: ${DEFAULT-VALUE})")
    String format;

    @Inject
    Components components;

    @Override
    int run(PrintWriter out, PrintWriter err) throws Exception {
        ObjectMapper json = components.json();
        Normalizer normalizer = "auto".equals(format) ? components.normalizer() : Normalizer.forFormat(format);
        AtomicInteger rejected = new AtomicInteger();
        try (Stream<RawInput> inputs = EventFiles.read(paths)) {
            for (RawInput in : (Iterable<RawInput>) inputs::iterator) {
                String reason = in.error();
                if (reason == null) {
                    try {
                        for (Normalized n : normalizer.normalize(in.json())) {
                            out.println(json.writeValueAsString(Facts.toJson(n)));
                        }
                        continue;
                    } catch (RejectedInputException e) {
                        reason = e.getMessage();
                    }
                }
                rejected.incrementAndGet();
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("rejected", reason);
                line.put("input", in.origin());
                out.println(json.writeValueAsString(line));
            }
        }
        return rejected.get() == 0 ? 0 : 1;
    }
}
