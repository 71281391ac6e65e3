package dev.riposte.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The {@code riposte.*} settings the pipeline needs, read once from MicroProfile Config
 * (application.properties, system properties, environment). Defaults are the safe ones: dry-run on.
 *
 * @param rulesDir     {@code riposte.rules.dir}: replaces the built-in rules when set
 * @param auditFile    {@code riposte.audit.file}
 * @param dryRun       {@code riposte.dry-run}
 * @param dryRunValidate {@code riposte.dry-run.validate}: ask EC2 itself with DryRun=true
 * @param eventExpiry  {@code riposte.rules.event-expiry}: how long events stay available for correlation
 * @param pollInterval {@code riposte.rules.poll-interval}: how often the rules dir is checked for changes
 */
public record Settings(Optional<Path> rulesDir, Path auditFile, boolean dryRun, boolean dryRunValidate,
                       Duration eventExpiry, Duration pollInterval) {

    public static Settings fromConfig() {
        Config c = ConfigProvider.getConfig();
        return new Settings(
                c.getOptionalValue("riposte.rules.dir", String.class).filter(s -> !s.isBlank()).map(Path::of),
                Path.of(c.getOptionalValue("riposte.audit.file", String.class).orElse("riposte-audit.jsonl")),
                c.getOptionalValue("riposte.dry-run", Boolean.class).orElse(true),
                c.getOptionalValue("riposte.dry-run.validate", Boolean.class).orElse(false),
                c.getOptionalValue("riposte.rules.event-expiry", Duration.class).orElse(Duration.ofHours(1)),
                c.getOptionalValue("riposte.rules.poll-interval", Duration.class).orElse(Duration.ofMillis(500)));
    }
}
