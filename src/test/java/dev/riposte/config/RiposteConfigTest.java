package dev.riposte.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RiposteConfigTest {

    @Test
    void defaultsAreTheSafeOnes() {
        RiposteConfig c = RiposteConfig.defaults();
        assertThat(c.dryRun()).isTrue();
        assertThat(c.dryRunValidate()).isFalse();
        assertThat(c.audit().file()).isEqualTo(Path.of("riposte-audit.jsonl"));
        assertThat(c.rules().dir()).isEmpty();
        assertThat(c.rules().pollInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.breaker().limit()).isEqualTo(10);
        assertThat(c.breaker().perAccountLimit()).isEmpty();
        assertThat(c.idempotency().retention()).isEqualTo(Duration.ofDays(7));
        assertThat(c.investigate().sources()).isEqualTo(Set.of("guardduty", "securityhub"));
        assertThat(c.notifications().webhooks()).isEmpty();
        assertThat(c.rateLimit().action().defaultLimit()).isEqualTo("2/1s burst=20");
        assertThat(c.sqs().quarantine().file()).isEmpty();
    }

    @Test
    void readsValuesAsQuarkusWritesThem() {
        RiposteConfig c = RiposteConfig.of(Map.of(
                "riposte.dry-run", "false",
                "riposte.dry-run.validate", "true",
                "riposte.rules.dir", "/etc/riposte/rules",
                "riposte.guard.cooldown", "0s",
                "riposte.breaker.window", "PT90M",
                "riposte.approvals.expiry", "2d",
                "riposte.guard.allowed-accounts", "111122223333,444455556666",
                "riposte.notify.webhooks.oncall", "https://hooks.example.com/oncall",
                "riposte.rate-limit.operation.overrides", "ec2:CreateTags=5/1s burst=50,iam:*=1/1s burst=3"));
        assertThat(c.dryRun()).isFalse();
        assertThat(c.dryRunValidate()).isTrue();
        assertThat(c.rules().dir()).contains(Path.of("/etc/riposte/rules"));
        assertThat(c.guard().cooldown()).isZero();
        assertThat(c.breaker().window()).isEqualTo(Duration.ofMinutes(90));
        assertThat(c.approvals().expiry()).isEqualTo(Duration.ofDays(2));
        assertThat(c.guard().allowedAccounts()).contains(List.of("111122223333", "444455556666"));
        assertThat(c.notifications().webhooks())
                .containsExactly(Map.entry("oncall", URI.create("https://hooks.example.com/oncall")));
        assertThat(c.rateLimit().operation().overrides()).contains("ec2:CreateTags=5/1s burst=50,iam:*=1/1s burst=3");
    }

    @Test
    void anEmptyValueIsUnset() {
        assertThat(RiposteConfig.of(Map.of("riposte.rules.dir", "")).rules().dir())
                .isEmpty();
        assertThatThrownBy(() -> RiposteConfig.of(Map.of("riposte.reports.dir", "")))
                .hasMessageStartingWith("The config property riposte.reports.dir is defined as the empty String");
    }

    @Test
    void aBadValueIsOneLineNamingTheKey() {
        assertThatThrownBy(() -> RiposteConfig.of(Map.of("riposte.breaker.limit", "ten")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("riposte.breaker.limit")
                .hasMessageContaining("ten")
                .message()
                .doesNotContain("\n");
        assertThatThrownBy(() -> RiposteConfig.of(Map.of("riposte.guard.cooldown", "soon")))
                .hasMessageContaining("riposte.guard.cooldown")
                .message()
                .doesNotContain("\n");
    }
}
