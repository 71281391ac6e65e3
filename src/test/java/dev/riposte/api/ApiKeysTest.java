package dev.riposte.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ApiKeysTest {
    static final String OPS_KEY = "ops-secret-1";
    static final String VIEW_KEY = "view-secret-2";
    static final String CONFIG = "alice:operator:" + hash(OPS_KEY) + ", dash:viewer:"
            + hash(VIEW_KEY).toUpperCase();

    static String hash(String key) {
        return HexFormat.of().formatHex(ApiKeys.sha256(key));
    }

    @Test
    void rolesAndKeysDecideTheStatus() {
        ApiKeys keys = ApiKeys.parse(CONFIG);

        assertThat(keys.check(null, ApiKeys.Role.viewer).status()).isEqualTo(401);
        assertThat(keys.check("guess", ApiKeys.Role.viewer).status()).isEqualTo(401);
        assertThat(keys.check(VIEW_KEY, ApiKeys.Role.viewer)).isEqualTo(new ApiKeys.Access(200, "dash", null));
        assertThat(keys.check(VIEW_KEY, ApiKeys.Role.operator).status()).isEqualTo(403);
        assertThat(keys.check(OPS_KEY, ApiKeys.Role.operator)).isEqualTo(new ApiKeys.Access(200, "alice", null));
        assertThat(keys.check(OPS_KEY, ApiKeys.Role.viewer).status()).isEqualTo(200);
    }

    @Test
    void noKeysConfiguredMeansNoAccess() {
        assertThat(ApiKeys.parse("").check(OPS_KEY, ApiKeys.Role.viewer).status())
                .isEqualTo(401);
        assertThat(ApiKeys.parse(null).check("", ApiKeys.Role.viewer).status()).isEqualTo(401);
    }

    @Test
    void badEntriesAreRejectedWithoutEchoingTheHash() {
        assertThatThrownBy(() -> ApiKeys.parse("alice:admin:" + hash("x")))
                .hasMessageContaining("entry 1 (alice): role must be viewer or operator");
        assertThatThrownBy(() -> ApiKeys.parse("a:viewer:" + hash("x") + ",bob:viewer:plaintext-key"))
                .hasMessageContaining("entry 2 (bob)")
                .hasMessageNotContaining("plaintext-key");
        assertThatThrownBy(() -> ApiKeys.parse("just-a-key")).hasMessageContaining("name:role:sha256-hex");
    }

    @Test
    void onlyAdminPathsAreGuardedAndBothHeaderFormsWork() {
        assertThat(AdminAuthFilter.isAdmin("/admin/breaker")).isTrue();
        assertThat(AdminAuthFilter.isAdmin("admin")).isTrue();
        assertThat(AdminAuthFilter.isAdmin("/administrator")).isFalse();
        assertThat(AdminAuthFilter.isAdmin("/events")).isFalse();
        assertThat(AdminAuthFilter.presentedKey("k1", "Bearer k2")).isEqualTo("k1");
        assertThat(AdminAuthFilter.presentedKey(null, "bearer k2")).isEqualTo("k2");
        assertThat(AdminAuthFilter.presentedKey(null, "Basic xyz")).isNull();
    }
}
