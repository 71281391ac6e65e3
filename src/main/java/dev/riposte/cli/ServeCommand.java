package dev.riposte.cli;

import dev.riposte.pipeline.LiveService;
import dev.riposte.source.sqs.SqsService;
import io.quarkus.runtime.Quarkus;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        footer = {
            "",
            "Example:",
            "  riposte serve --rules /etc/riposte/rules",
            "Live mode (riposte.dry-run=false) needs riposte.ingest.token "
                    + "(RIPOSTE_INGEST_TOKEN) unless POST /events listens on loopback only.",
            "Configuration keys (riposte.*, quarkus.http.port ...) come from -D, "
                    + "the environment or application.properties: see README Configuration."
        },
        description =
                "Run the service: POST /events, SQS (when configured), hot-reloaded rules, admin API, health and metrics.")
class ServeCommand implements Callable<Integer> {
    @Option(
            names = "--rules",
            paramLabel = "DIR",
            description = "rules folder (hot-reloaded); same as riposte.rules.dir")
    String rules;

    @Inject
    LiveService service;

    @Inject
    SqsService sqs;

    @Override
    public Integer call() {
        service.start(Optional.ofNullable(rules).map(Path::of));
        sqs.start();
        Quarkus.waitForExit();
        return 0;
    }
}
