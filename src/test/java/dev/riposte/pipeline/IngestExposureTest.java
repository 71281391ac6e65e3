package dev.riposte.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IngestExposureTest {
    @Test
    void liveModeWithoutATokenOnANetworkAddressIsRefusedUnlessAllowed() {
        assertThat(new IngestExposure(true, false, "0.0.0.0", false).refusal())
                .get()
                .asString()
                .contains("riposte.ingest.token")
                .contains("quarkus.http.host=127.0.0.1")
                .contains("riposte.ingest.allow-unauthenticated=true");
        assertThat(new IngestExposure(true, false, "10.0.0.5", false).refusal()).isPresent();
        IngestExposure allowed = new IngestExposure(true, false, "0.0.0.0", true);
        assertThat(allowed.refusal()).isEmpty();
        assertThat(allowed.warning()).get().asString().contains("UNAUTHENTICATED");
    }

    @Test
    void aTokenLoopbackOrDryRunIsSafe() {
        for (IngestExposure safe : new IngestExposure[] {
            new IngestExposure(true, true, "0.0.0.0", false),
            new IngestExposure(true, false, "127.0.0.1", false),
            new IngestExposure(true, false, "localhost", false),
            new IngestExposure(true, false, "::1", false),
            new IngestExposure(false, false, "0.0.0.0", false)
        }) {
            assertThat(safe.refusal()).as(safe.toString()).isEmpty();
            assertThat(safe.warning()).as(safe.toString()).isEmpty();
        }
    }

    @Test
    void onlyLoopbackLiteralsCountAsLoopback() {
        assertThat(IngestExposure.loopback("127.0.0.2")).isTrue();
        assertThat(IngestExposure.loopback("[::1]")).isTrue();
        assertThat(IngestExposure.loopback("0.0.0.0")).isFalse();
        assertThat(IngestExposure.loopback("::")).isFalse();
        assertThat(IngestExposure.loopback("riposte.internal"))
                .as("names are not resolved")
                .isFalse();
    }
}
