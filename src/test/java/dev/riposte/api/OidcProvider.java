package dev.riposte.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * A local OIDC provider for tests: WireMock serving the discovery document and a JWKS with an RSA key made here,
 * and tokens signed with it (or with a key the provider never published). No internet, no Keycloak.
 */
final class OidcProvider implements AutoCloseable {
    static final String REALM = "/realms/riposte";
    static final String AUDIENCE = "riposte-admin";

    static {
        Logger.getLogger("org.eclipse.jetty").setLevel(Level.WARNING);
    }

    final WireMockServer server =
            new WireMockServer(options().dynamicPort().containerThreads(6).jettyAcceptors(1));
    final RsaJsonWebKey key;
    final RsaJsonWebKey stranger;

    OidcProvider() {
        try {
            key = RsaJwkGenerator.generateJwk(2048);
            key.setKeyId("k1");
            stranger = RsaJwkGenerator.generateJwk(2048);
            stranger.setKeyId("k1"); // same kid, other key: only the signature tells them apart
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
        server.start();
        server.stubFor(get(urlPathEqualTo(REALM + "/.well-known/openid-configuration"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"issuer\":\"" + issuer() + "\",\"jwks_uri\":\"" + issuer()
                                + "/protocol/openid-connect/certs\","
                                + "\"id_token_signing_alg_values_supported\":[\"RS256\"]}")));
        server.stubFor(get(urlPathEqualTo(REALM + "/protocol/openid-connect/certs"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(new JsonWebKeySet(key).toJson())));
    }

    String issuer() {
        return "http://localhost:" + server.port() + REALM;
    }

    Map<String, String> config() {
        return Map.of("riposte.admin.oidc.issuer", issuer(), "riposte.admin.oidc.audience", AUDIENCE);
    }

    int discoveryRequests() {
        return server.findAll(getRequestedFor(urlPathEqualTo(REALM + "/.well-known/openid-configuration")))
                .size();
    }

    /** A token valid for 5 minutes for {@code user} with these groups, then changed by {@code edit}. */
    String token(String user, List<String> groups, Consumer<JwtClaims> edit) {
        return sign(claims(user, groups, edit), key);
    }

    String token(String user, List<String> groups) {
        return token(user, groups, c -> {});
    }

    JwtClaims claims(String user, List<String> groups, Consumer<JwtClaims> edit) {
        JwtClaims c = new JwtClaims();
        c.setIssuer(issuer());
        c.setAudience(AUDIENCE);
        c.setSubject("sub-" + user);
        c.setClaim("preferred_username", user);
        c.setIssuedAtToNow();
        c.setExpirationTimeMinutesInTheFuture(5);
        c.setStringListClaim("groups", groups);
        edit.accept(c);
        return c;
    }

    static String sign(JwtClaims claims, RsaJsonWebKey with) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(with.getPrivateKey());
        jws.setKeyIdHeaderValue(with.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    static NumericDate minutesAgo(int minutes) {
        NumericDate d = NumericDate.now();
        d.addSeconds(-60L * minutes);
        return d;
    }

    @Override
    public void close() {
        server.stop();
    }
}
