package dev.riposte.source.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riposte.config.RiposteConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SqsSettingsTest {

    private static SqsSettings settings(Map<String, String> props) {
        SmallRyeConfig c = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(props, "test", 100))
                .withMapping(SqsChannel.class)
                .build();
        return SqsSettings.of(c.getConfigMapping(SqsChannel.class), RiposteConfig.of(props));
    }

    @Test
    void withoutAQueueThereIsNoConsumer() {
        SqsSettings s = settings(Map.of("riposte.sqs.concurrency", "2"));
        assertThat(s.active()).isFalse();
        assertThat(s.endpoint()).isEmpty();
    }

    @Test
    void readsTheConnectorKeysAndRiposteDefaults() {
        SqsSettings s = settings(Map.of(
                "mp.messaging.incoming.events.connector", "smallrye-sqs",
                "mp.messaging.incoming.events.queue", "by-name",
                "mp.messaging.incoming.events.queue.url", "http://localhost:9324/000000000000/events",
                "mp.messaging.incoming.events.endpoint-override", "http://localhost:9324",
                "mp.messaging.incoming.events.region", "eu-west-1",
                "riposte.state.dir", "/var/lib/riposte"));
        assertThat(s.active()).isTrue();
        assertThat(s.endpoint()).hasValueSatisfying(e -> {
            assertThat(e.queue()).isEqualTo("http://localhost:9324/000000000000/events");
            assertThat(e.endpointOverride()).contains(URI.create("http://localhost:9324"));
            assertThat(e.region()).contains("eu-west-1");
            assertThat(e.credentialsProvider()).isEmpty();
        });
        assertThat(s.waitTimeSeconds()).isEqualTo(20);
        assertThat(s.visibilityTimeout()).isEmpty();
        assertThat(s.maxMessages()).isEqualTo(10);
        assertThat(s.concurrency()).isEqualTo(4);
        assertThat(s.quarantineFile()).isEqualTo(Path.of("/var/lib/riposte/sqs-quarantine.jsonl"));
    }

    @Test
    void theChannelCanBeSwitchedOff() {
        assertThat(settings(Map.of(
                                "mp.messaging.incoming.events.queue",
                                "events",
                                "mp.messaging.incoming.events.enabled",
                                "false"))
                        .active())
                .isFalse();
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> settings(Map.of("mp.messaging.incoming.events.wait-time-seconds", "30")))
                .hasMessage("mp.messaging.incoming.events.wait-time-seconds must be 0-20, got 30");
        assertThatThrownBy(() -> settings(Map.of("riposte.sqs.concurrency", "0")))
                .hasMessage("riposte.sqs.concurrency must be at least 1, got 0");
        assertThatThrownBy(() -> settings(Map.of("mp.messaging.incoming.events.connector", "smallrye-kafka")))
                .hasMessageContaining("connector must be smallrye-sqs");
        assertThatThrownBy(() ->
                        settings(Map.of("riposte.sqs.retry.initial-delay", "1m", "riposte.sqs.retry.max-delay", "10s")))
                .hasMessageContaining("riposte.sqs.retry.max-delay");
    }

    @Test
    void retryDelaysDoubleUpToTheMaximum() {
        SqsSettings s = settings(Map.of("riposte.sqs.retry.initial-delay", "10s", "riposte.sqs.retry.max-delay", "1m"));
        assertThat(s.retryDelaySeconds(1)).isEqualTo(10);
        assertThat(s.retryDelaySeconds(2)).isEqualTo(20);
        assertThat(s.retryDelaySeconds(3)).isEqualTo(40);
        assertThat(s.retryDelaySeconds(4)).isEqualTo(60);
        assertThat(s.retryDelaySeconds(500)).isEqualTo(60);
    }
}
