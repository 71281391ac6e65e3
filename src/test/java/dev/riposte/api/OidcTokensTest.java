package dev.riposte.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.riposte.config.RiposteConfig;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** OIDC bearer tokens against a local provider (WireMock discovery + JWKS): signature, issuer, audience, expiry, roles. */
class OidcTokensTest {
    static OidcProvider idp;
    static OidcTokens tokens;

    @BeforeAll
    static void start() {
        idp = new OidcProvider();
        tokens = new OidcTokens(settings(Map.of()));
    }

    @AfterAll
    static void stop() {
        idp.close();
    }

    static OidcSettings settings(Map<String, String> extra) {
        Map<String, String> config = new HashMap<>(idp.config());
        config.putAll(extra);
        return OidcSettings.from(RiposteConfig.of(config).admin().oidc()).orElseThrow();
    }

    @Test
    void anOperatorTokenMayChangeAndAViewerTokenMayOnlyRead() {
        String ops = idp.token("alice", List.of("operator"));
        String view = idp.token("grafana", List.of("viewer", "staff"));

        assertThat(tokens.check(ops, ApiKeys.Role.operator)).isEqualTo(new ApiKeys.Access(200, "oidc:alice", null));
        assertThat(tokens.check(ops, ApiKeys.Role.viewer).status()).isEqualTo(200);
        assertThat(tokens.check(view, ApiKeys.Role.viewer)).isEqualTo(new ApiKeys.Access(200, "oidc:grafana", null));
        ApiKeys.Access refused = tokens.check(view, ApiKeys.Role.operator);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.reason()).contains("grafana").contains("'operator'").contains("'groups'");
        assertThat(tokens.check(idp.token("bob", List.of("staff")), ApiKeys.Role.viewer)
                        .status())
                .as("a valid token without a Riposte role")
                .isEqualTo(403);
        assertThat(tokens.check(idp.token("carol", List.of()), ApiKeys.Role.viewer)
                        .status())
                .isEqualTo(403);
    }

    @Test
    void invalidTokensAre401WithTheReason() {
        assertThat(tokens.check(
                        idp.token("alice", List.of("operator"), c -> {
                            c.setExpirationTime(OidcProvider.minutesAgo(10));
                            c.setIssuedAt(OidcProvider.minutesAgo(20));
                        }),
                        ApiKeys.Role.viewer))
                .isEqualTo(new ApiKeys.Access(401, null, "the token has expired"));
        assertThat(tokens.check(
                                idp.token(
                                        "alice",
                                        List.of("operator"),
                                        c -> c.setIssuer("https://evil.example/realms/riposte")),
                                ApiKeys.Role.viewer)
                        .reason())
                .isEqualTo("the token is from another issuer");
        assertThat(tokens.check(
                                idp.token("alice", List.of("operator"), c -> c.setAudience("another-app")),
                                ApiKeys.Role.viewer)
                        .reason())
                .isEqualTo("the token is for another audience");
        assertThat(tokens.check(
                        OidcProvider.sign(idp.claims("alice", List.of("operator"), c -> {}), idp.stranger),
                        ApiKeys.Role.viewer))
                .isEqualTo(new ApiKeys.Access(401, null, "the token's signature is not valid"));
        assertThat(tokens.check(idp.token("alice", List.of("operator"), c -> c.unsetClaim("exp")), ApiKeys.Role.viewer)
                        .status())
                .isEqualTo(401);
        assertThat(tokens.check("a.b.c", ApiKeys.Role.viewer).status()).isEqualTo(401);
    }

    @Test
    void symmetricAndUnsignedTokensAreRefused() throws Exception {
        // HS256 signed with the public key's bytes: the classic key-confusion attack
        JsonWebSignature hs = new JsonWebSignature();
        hs.setPayload(idp.claims("mallory", List.of("operator"), c -> {}).toJson());
        hs.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        hs.setKeyIdHeaderValue("k1");
        hs.setKey(new HmacKey(idp.key.getPublicKey().getEncoded()));
        assertThat(tokens.check(hs.getCompactSerialization(), ApiKeys.Role.operator)
                        .status())
                .isEqualTo(401);

        String header = b64("{\"alg\":\"none\",\"kid\":\"k1\"}");
        String body = b64(idp.claims("mallory", List.of("operator"), c -> {}).toJson());
        assertThat(tokens.check(header + "." + body + ".x", ApiKeys.Role.operator)
                        .status())
                .isEqualTo(401);
    }

    @Test
    void theRolesClaimCanBeNestedAndTheRoleNamesConfigured() {
        OidcTokens keycloak = new OidcTokens(settings(Map.of(
                "riposte.admin.oidc.roles-claim",
                "realm_access/roles",
                "riposte.admin.oidc.operator-role",
                "riposte-operators",
                "riposte.admin.oidc.viewer-role",
                "riposte-viewers")));
        String ops = idp.token(
                "alice",
                List.of("operator"),
                c -> c.setClaim("realm_access", Map.of("roles", List.of("riposte-operators"))));
        assertThat(keycloak.check(ops, ApiKeys.Role.operator).status()).isEqualTo(200);
        assertThat(keycloak.check(idp.token("bob", List.of("operator")), ApiKeys.Role.viewer)
                        .status())
                .as("groups is not the configured claim")
                .isEqualTo(403);

        OidcTokens scopes = new OidcTokens(settings(Map.of(
                "riposte.admin.oidc.roles-claim",
                "scope",
                "riposte.admin.oidc.viewer-role",
                "riposte/read",
                "riposte.admin.oidc.operator-role",
                "riposte/operate")));
        assertThat(scopes.check(
                                idp.token("svc", List.of(), c -> c.setClaim("scope", "openid riposte/read")),
                                ApiKeys.Role.viewer)
                        .status())
                .isEqualTo(200);
        assertThat(scopes.check(
                                idp.token("svc", List.of(), c -> c.setClaim("scope", "openid riposte/read")),
                                ApiKeys.Role.operator)
                        .status())
                .isEqualTo(403);
    }

    @Test
    void discoveryHappensOnceAndAnUnreachableProviderIs503() {
        OidcTokens fresh = new OidcTokens(settings(Map.of()));
        int before = idp.discoveryRequests();
        for (int i = 0; i < 3; i++) {
            assertThat(fresh.check(idp.token("alice", List.of("operator")), ApiKeys.Role.operator)
                            .status())
                    .isEqualTo(200);
        }
        assertThat(idp.discoveryRequests() - before).isEqualTo(1);

        OidcTokens nowhere = new OidcTokens(OidcSettings.from(RiposteConfig.of(Map.of(
                                "riposte.admin.oidc.issuer",
                                "http://localhost:1/realms/none",
                                "riposte.admin.oidc.audience",
                                "a"))
                        .admin()
                        .oidc())
                .orElseThrow());
        ApiKeys.Access a = nowhere.check(idp.token("alice", List.of("operator")), ApiKeys.Role.viewer);
        assertThat(a.status()).isEqualTo(503);
        assertThat(a.reason()).contains("localhost:1/realms/none/.well-known/openid-configuration");

        // a discovery document that names another issuer than the one configured is not trusted (OIDC Discovery 4.3)
        idp.server.stubFor(WireMock.get(OidcProvider.REALM + "-other/.well-known/openid-configuration")
                .willReturn(WireMock.okJson("{\"issuer\":\"" + idp.issuer() + "\",\"jwks_uri\":\"" + idp.issuer()
                        + "/protocol/openid-connect/certs\"}")));
        OidcTokens impostor = new OidcTokens(settings(Map.of("riposte.admin.oidc.issuer", idp.issuer() + "-other")));
        ApiKeys.Access mismatch = impostor.check(idp.token("alice", List.of("operator")), ApiKeys.Role.viewer);
        assertThat(mismatch.status()).isEqualTo(503);
        assertThat(mismatch.reason()).contains("names issuer '" + idp.issuer() + "'");
    }

    @Test
    void settingsAreOffByDefaultAndCheckedWhenOn() {
        assertThat(OidcSettings.from(RiposteConfig.defaults().admin().oidc())).isEmpty();
        OidcSettings s = settings(Map.of());
        assertThat(s.rolesClaim()).containsExactly("groups");
        assertThat(s.viewerRole()).isEqualTo("viewer");
        assertThat(s.operatorRole()).isEqualTo("operator");
        assertThat(s.discovery().toString()).isEqualTo(idp.issuer() + "/.well-known/openid-configuration");

        assertThatThrownBy(() ->
                        OidcSettings.from(RiposteConfig.of(Map.of("riposte.admin.oidc.issuer", "https://idp.example"))
                                .admin()
                                .oidc()))
                .hasMessageContaining("riposte.admin.oidc.audience must be set");
        assertThatThrownBy(() -> settings(Map.of("riposte.admin.oidc.issuer", "http://idp.example/realms/x")))
                .hasMessageContaining("riposte.admin.oidc.issuer must be an https URL");
        assertThatThrownBy(() -> settings(Map.of("riposte.admin.oidc.jwks-url", "ftp://localhost/keys")))
                .hasMessageContaining("riposte.admin.oidc.jwks-url must be an https URL");
        assertThatThrownBy(() -> settings(Map.of("riposte.admin.oidc.roles-claim", "realm_access//roles")))
                .hasMessageContaining("empty part");
        assertThatThrownBy(() -> settings(Map.of("riposte.admin.oidc.viewer-role", "operator")))
                .hasMessageContaining("must differ");
    }

    @Test
    void onlyJwtShapedCredentialsAreTriedAsTokens() {
        assertThat(OidcTokens.looksLikeJwt(idp.token("a", List.of()))).isTrue();
        assertThat(OidcTokens.looksLikeJwt("ops-secret-1")).isFalse();
        assertThat(OidcTokens.looksLikeJwt("a.b")).isFalse();
        assertThat(OidcTokens.looksLikeJwt(null)).isFalse();
    }

    static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
