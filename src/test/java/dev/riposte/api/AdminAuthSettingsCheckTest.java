package dev.riposte.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.config.RiposteConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdminAuthSettingsCheckTest {

    @Test
    void unsetAndValidSettingsAreFine() {
        assertThat(AdminAuthSettingsCheck.problems(RiposteConfig.defaults().admin()))
                .isEmpty();
        Map<String, String> ok = Map.of(
                "riposte.admin.api-keys",
                ApiKeysTest.CONFIG,
                "riposte.admin.oidc.issuer",
                "https://sso.example.com/realms/security",
                "riposte.admin.oidc.audience",
                "riposte");
        assertThat(AdminAuthSettingsCheck.problems(RiposteConfig.of(ok).admin()))
                .isEmpty();
    }

    @Test
    void eachBrokenSettingIsOneLine() {
        Map<String, String> broken = Map.of(
                "riposte.admin.api-keys",
                "alice:admin:" + ApiKeysTest.hash("x"),
                "riposte.admin.oidc.issuer",
                "https://sso.example.com/realms/security");
        assertThat(AdminAuthSettingsCheck.problems(RiposteConfig.of(broken).admin()))
                .satisfiesExactly(
                        p -> assertThat(p).contains("riposte.admin.api-keys entry 1 (alice)"),
                        p -> assertThat(p).contains("riposte.admin.oidc.audience must be set"));
    }
}
