package dev.riposte.config;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.PathConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Every {@code riposte.*} key, typed, with its default declared here once (application.properties, system properties
 * and the environment override them). Quarkus validates it at start: a value that does not convert stops the start
 * naming the key. README's configuration table lists exactly these keys ({@code ConfigurationReferenceTest}).
 * Code outside CDI (tests, {@code riposte test}, replay) builds one with {@link #of(Map)}.
 */
@ConfigMapping(prefix = "riposte")
public interface RiposteConfig {

    /** {@code riposte.dry-run}: record the exact AWS requests, send none. */
    @WithDefault("true")
    boolean dryRun();

    /** {@code riposte.dry-run.validate}: in dry-run, also ask EC2 with {@code DryRun=true}. */
    @WithName("dry-run.validate")
    @WithDefault("false")
    boolean dryRunValidate();

    Audit audit();

    Rules rules();

    Playbooks playbooks();

    Reports reports();

    /** {@code riposte.exempt-tag}: resources carrying this tag key are never touched ({@code false} switches it off). */
    @WithDefault("riposte:exempt")
    String exemptTag();

    Guard guard();

    Breaker breaker();

    Approvals approvals();

    State state();

    Aws aws();

    Idempotency idempotency();

    RateLimit rateLimit();

    Investigate investigate();

    Ingest ingest();

    Journal journal();

    Admin admin();

    /** {@code riposte.notify.*} ({@code notify()} is Object's). */
    @WithName("notify")
    Notify notifications();

    Sqs sqs();

    interface Audit {
        @WithDefault("riposte-audit.jsonl")
        Path file();
    }

    interface Rules {
        /** Replaces the built-in rules when set. */
        Optional<Path> dir();

        @WithDefault("1h")
        Duration eventExpiry();

        @WithDefault("500ms")
        Duration pollInterval();

        /** {@code runtime} or {@code frozen}; unset: runtime on the JVM, frozen in a native image (its only mode). */
        Optional<String> mode();
    }

    interface Playbooks {
        /** Replaces the built-in playbooks when set. */
        Optional<Path> dir();
    }

    interface Reports {
        @WithDefault("riposte-reports")
        Path dir();
    }

    interface Guard {
        Optional<List<String>> protectedAccounts();

        Optional<List<String>> allowedAccounts();

        Optional<List<String>> allowedRegions();

        @WithDefault("15m")
        Duration cooldown();

        Optional<List<String>> selfRoleArn();

        @WithDefault("riposte-")
        String selfSessionPrefix();

        /** How long a live command's exempt-tag read waits for its rate-limit token before the command is deferred. */
        @WithDefault("250ms")
        Duration exemptTagReadWait();
    }

    interface Breaker {
        @WithDefault("10")
        int limit();

        /** Unset: {@link #limit()}. */
        OptionalInt perAccountLimit();

        @WithDefault("10m")
        Duration window();
    }

    interface Approvals {
        @WithDefault("24h")
        Duration expiry();
    }

    interface State {
        /** {@code file} or {@code dynamodb}. */
        @WithDefault("file")
        String backend();

        @WithDefault("riposte-state")
        Path dir();

        Dynamodb dynamodb();

        @WithDefault("10s")
        Duration leasePeriod();

        interface Dynamodb {
            @WithDefault("riposte-state")
            String table();

            /** Unset: {@code riposte.aws.region}. */
            Optional<String> region();

            Optional<URI> endpoint();
        }
    }

    interface Aws {
        @WithDefault("us-east-1")
        String region();

        Optional<URI> endpointOverride();

        Optional<String> assumeRole();

        Optional<String> externalId();
    }

    interface Idempotency {
        @WithDefault("7d")
        Duration retention();

        @WithDefault("2m")
        Duration inProgressExpiry();

        /** {@code skip} or {@code retry}. */
        @WithDefault("skip")
        String onInterrupted();
    }

    /** Limits as text: {@code RateLimitSettings} parses them and names the key of a bad one. */
    interface RateLimit {
        @WithDefault("true")
        boolean enabled();

        @WithDefault("5s")
        String maxWait();

        Action action();

        Operation operation();

        interface Action {
            @WithName("default")
            @WithDefault("2/1s burst=20")
            String defaultLimit();

            Optional<String> overrides();
        }

        interface Operation {
            Optional<String> overrides();
        }
    }

    interface Investigate {
        @WithDefault("true")
        boolean enabled();

        @WithDefault("guardduty,securityhub")
        Set<String> sources();

        @WithDefault("10s")
        Duration timeout();

        @WithDefault("5m")
        Duration cacheTtl();

        /** How long a read waits for its rate-limit token before its step is reported incomplete. */
        @WithDefault("250ms")
        Duration readWait();

        @WithDefault("1h")
        Duration activityWindow();

        @WithDefault("24h")
        Duration activityBaseline();

        @WithDefault("500")
        int activityMaxEvents();

        @WithDefault("7d")
        Duration relatedWindow();
    }

    interface Ingest {
        /** When set, {@code POST /events} needs {@code Authorization: Bearer <token>}. */
        Optional<String> token();

        @WithDefault("false")
        boolean allowUnauthenticated();
    }

    /** The correlation journal that warms the rule session on start, takeover and reload. */
    interface Journal {
        @WithDefault("true")
        boolean enabled();

        @WithDefault("20000")
        int maxEntries();

        Dynamodb dynamodb();

        interface Dynamodb {
            /** Unset: {@code <riposte.state.dynamodb.table>-journal}. */
            Optional<String> table();
        }
    }

    interface Admin {
        /** Comma-separated {@code name:role:sha256-hex}, parsed by the admin API (which names a bad entry). */
        Optional<String> apiKeys();

        Oidc oidc();

        interface Oidc {
            Optional<String> issuer();

            Optional<String> audience();

            Optional<String> jwksUrl();

            @WithDefault("groups")
            String rolesClaim();

            @WithDefault("viewer")
            String viewerRole();

            @WithDefault("operator")
            String operatorRole();
        }
    }

    interface Notify {
        /** The default webhook of {@code notify:webhook}. */
        Optional<URI> webhookUrl();

        /** Named webhooks, {@code riposte.notify.webhooks.<name>}. */
        Map<String, URI> webhooks();
    }

    interface Sqs {
        @WithDefault("4")
        int concurrency();

        Retry retry();

        Shutdown shutdown();

        Quarantine quarantine();

        interface Retry {
            @WithDefault("10s")
            Duration initialDelay();

            @WithDefault("15m")
            Duration maxDelay();
        }

        interface Shutdown {
            @WithDefault("25s")
            Duration grace();
        }

        interface Quarantine {
            /** Unset: {@code <riposte.state.dir>/sqs-quarantine.jsonl}. */
            Optional<Path> file();
        }
    }

    /** The defaults alone, as a process with no configuration runs. */
    static RiposteConfig defaults() {
        return Defaults.CONFIG;
    }

    /**
     * The mapping over {@code properties} ({@code riposte.*} keys, values as in application.properties) and the defaults,
     * converted as Quarkus converts them ({@code 15m}, {@code 7d}, {@code PT1H}); for code and tests outside CDI.
     *
     * @throws IllegalArgumentException naming the key whose value does not convert
     */
    static RiposteConfig of(Map<String, String> properties) {
        try {
            SmallRyeConfig config = new SmallRyeConfigBuilder()
                    .withSources(new PropertiesConfigSource(properties, "riposte-config", 100))
                    .withConverter(Duration.class, 200, new DurationConverter())
                    .withConverter(Path.class, 200, new PathConverter())
                    .withMapping(RiposteConfig.class)
                    .build();
            return config.getConfigMapping(RiposteConfig.class);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(Problems.oneLine(e), e);
        }
    }
}
