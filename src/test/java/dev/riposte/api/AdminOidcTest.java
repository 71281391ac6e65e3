package dev.riposte.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The admin API with OIDC on (a local provider: WireMock discovery + JWKS) and API keys beside it: roles from the
 * token's groups, invalid tokens refused, and the same path spellings as {@link AdminPathVariantsTest}.
 */
@QuarkusTest
@TestProfile(AdminOidcTest.WithOidc.class)
class AdminOidcTest {
    static OidcProvider idp;

    public static class WithOidc implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "riposte.admin.api-keys", ApiKeysTest.CONFIG, "riposte.state.dir", "target/admin-oidc-test-state");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(Provider.class));
        }
    }

    public static class Provider implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            idp = new OidcProvider();
            return new HashMap<>(idp.config());
        }

        @Override
        public void stop() {
            idp.close();
        }
    }

    static String bearer(String token) {
        return "Authorization: Bearer " + token + "\r\n";
    }

    static String operator() {
        return idp.token("alice", List.of("operator"));
    }

    static String viewer() {
        return idp.token("grafana", List.of("viewer"));
    }

    @Test
    void rolesComeFromTheTokenAndTheCallerIsRecorded() throws IOException {
        AdminPathVariantsTest.Answer none = AdminPathVariantsTest.sendWith("GET", "/admin/breaker", "");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.raw()).contains("WWW-Authenticate: Bearer realm=\"riposte-admin\"");
        assertThat(none.body()).contains("API key or OIDC bearer token");

        assertThat(AdminPathVariantsTest.sendWith("GET", "/admin/breaker", bearer(viewer()))
                        .status())
                .isEqualTo(200);
        AdminPathVariantsTest.Answer forbidden =
                AdminPathVariantsTest.sendWith("POST", "/admin/breaker/reset", bearer(viewer()));
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.body()).contains("lacks role 'operator'");

        AdminPathVariantsTest.Answer reset =
                AdminPathVariantsTest.sendWith("POST", "/admin/breaker/reset", bearer(operator()));
        assertThat(reset.status()).as(reset.raw()).isEqualTo(200);
        assertThat(reset.body()).contains("\"by\":\"api:oidc:alice\"");
    }

    @Test
    void invalidTokensAre401() throws IOException {
        String expired = idp.token("alice", List.of("operator"), c -> {
            c.setExpirationTime(OidcProvider.minutesAgo(5));
            c.setIssuedAt(OidcProvider.minutesAgo(15));
        });
        String otherIssuer =
                idp.token("alice", List.of("operator"), c -> c.setIssuer("https://idp.example/realms/other"));
        String otherAudience = idp.token("alice", List.of("operator"), c -> c.setAudience("grafana"));
        String forged = OidcProvider.sign(idp.claims("alice", List.of("operator"), c -> {}), idp.stranger);
        for (String token : List.of(expired, otherIssuer, otherAudience, forged)) {
            assertThat(AdminPathVariantsTest.sendWith("GET", "/admin/breaker", bearer(token))
                            .status())
                    .isEqualTo(401);
            assertThat(AdminPathVariantsTest.sendWith("POST", "/admin/breaker/reset", bearer(token))
                            .status())
                    .isEqualTo(401);
        }
        AdminPathVariantsTest.Answer a = AdminPathVariantsTest.sendWith("GET", "/admin/breaker", bearer(expired));
        assertThat(a.body()).contains("expired");
    }

    @Test
    void apiKeysStillWorkBesideOidc() throws IOException {
        assertThat(AdminPathVariantsTest.send("GET", "/admin/breaker", ApiKeysTest.VIEW_KEY)
                        .status())
                .isEqualTo(200);
        assertThat(AdminPathVariantsTest.sendWith("GET", "/admin/breaker", bearer(ApiKeysTest.VIEW_KEY))
                        .status())
                .isEqualTo(200);
        assertThat(AdminPathVariantsTest.send("POST", "/admin/breaker/reset", ApiKeysTest.VIEW_KEY)
                        .status())
                .isEqualTo(403);
        // a token in X-API-Key is not a token: OIDC is only tried for Authorization: Bearer
        assertThat(AdminPathVariantsTest.send("GET", "/admin/breaker", operator())
                        .status())
                .isEqualTo(401);
    }

    @ParameterizedTest
    @MethodSource("dev.riposte.api.AdminPathVariantsTest#readVariants")
    void noTokenOrABadTokenGetsNothingWhateverThePath(String path) throws IOException {
        for (String headers : List.of(
                "",
                bearer("not.a.token"),
                bearer(OidcProvider.sign(idp.claims("x", List.of("operator"), c -> {}), idp.stranger)))) {
            AdminPathVariantsTest.Answer a = AdminPathVariantsTest.sendWith("GET", path, headers);
            assertThat(a.status()).as(path + " -> " + a.raw()).isIn(400, 401, 403, 404);
            assertThat(a.body())
                    .as(path)
                    .doesNotContain("\"limit\"")
                    .doesNotContain("\"version\"")
                    .doesNotContain("\"eventId\"");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.riposte.api.AdminPathVariantsTest#writeVariants")
    void aViewerTokenChangesNothingWhateverThePath(String path) throws IOException {
        AdminPathVariantsTest.Answer a = AdminPathVariantsTest.sendWith("POST", path, bearer(viewer()));
        assertThat(a.status()).as(path + " -> " + a.raw()).isIn(400, 403, 404, 405);
    }
}
