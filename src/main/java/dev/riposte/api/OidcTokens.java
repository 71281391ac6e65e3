package dev.riposte.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jose4j.http.Get;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;

/**
 * Checks OIDC bearer tokens (signed JWTs) for the admin API: signature against the provider's JWKS (fetched on
 * first use, cached, fetched again when a token names an unknown key id, so key rotation needs no restart), issuer,
 * audience, expiry (30 s clock skew), and an asymmetric algorithm (never {@code none} or HMAC, which would let
 * anyone holding the client secret mint operator tokens). The roles claim then decides viewer or operator.
 * Nothing is fetched at start-up: discovery happens on the first token, so the service starts without the provider.
 */
final class OidcTokens {
    static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OidcSettings settings;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(HTTP_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private volatile JwtConsumer consumer;

    OidcTokens(OidcSettings settings) {
        this.settings = settings;
    }

    /** A compact JWS has three base64url parts; anything else is not worth a signature check. */
    static boolean looksLikeJwt(String token) {
        return token != null && token.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    }

    ApiKeys.Access check(String token, ApiKeys.Role needed) {
        JwtClaims claims;
        try {
            claims = consumer().processToClaims(token);
        } catch (ProviderUnavailable e) {
            return new ApiKeys.Access(
                    503, null, "the identity provider cannot be reached to check the token: " + e.getMessage());
        } catch (InvalidJwtException e) {
            if (causedByIo(e)) { // the JWKS could not be fetched: say so rather than blame the token
                return new ApiKeys.Access(
                        503, null, "the identity provider's keys cannot be fetched to check the token");
            }
            return new ApiKeys.Access(401, null, reason(e));
        }
        String who = principal(claims);
        List<String> roles = roles(claims);
        boolean operator = roles.contains(settings.operatorRole());
        boolean viewer = operator || roles.contains(settings.viewerRole());
        if (!viewer || (needed == ApiKeys.Role.operator && !operator)) {
            return new ApiKeys.Access(
                    403,
                    who,
                    "token of '" + who + "' lacks role '"
                            + (needed == ApiKeys.Role.operator ? settings.operatorRole() : settings.viewerRole())
                            + "' in claim '"
                            + String.join("/", settings.rolesClaim()) + "'");
        }
        return new ApiKeys.Access(200, "oidc:" + who, null);
    }

    private static boolean causedByIo(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /** Why a token was refused, without echoing it. */
    private static String reason(InvalidJwtException e) {
        if (e.hasExpired()) {
            return "the token has expired";
        }
        if (e.hasErrorCode(ErrorCodes.ISSUER_INVALID) || e.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
            return "the token is from another issuer";
        }
        if (e.hasErrorCode(ErrorCodes.AUDIENCE_INVALID) || e.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
            return "the token is for another audience";
        }
        if (e.hasErrorCode(ErrorCodes.SIGNATURE_INVALID) || e.hasErrorCode(ErrorCodes.SIGNATURE_MISSING)) {
            return "the token's signature is not valid";
        }
        if (e.hasErrorCode(ErrorCodes.NOT_YET_VALID) || e.hasErrorCode(ErrorCodes.EXPIRATION_MISSING)) {
            return "the token is not valid now (nbf) or has no expiry";
        }
        return "the token is not valid (unknown signing key, algorithm not allowed, or malformed)";
    }

    private static String principal(JwtClaims claims) {
        for (String name : new String[] {"preferred_username", "email", "sub"}) {
            Object v = claims.getClaimValue(name);
            if (v instanceof String s && !s.isBlank()) {
                return s;
            }
        }
        return "unknown";
    }

    /** The values at the roles claim path: a JSON array, or a string of space-separated values (like {@code scope}). */
    List<String> roles(JwtClaims claims) {
        Object node = claims.getClaimsMap();
        for (String part : settings.rolesClaim()) {
            node = node instanceof Map<?, ?> m ? m.get(part) : null;
        }
        List<String> roles = new ArrayList<>();
        if (node instanceof List<?> list) {
            list.forEach(v -> roles.add(String.valueOf(v)));
        } else if (node instanceof String s) {
            roles.addAll(List.of(s.strip().split("\\s+")));
        }
        return roles;
    }

    private JwtConsumer consumer() throws ProviderUnavailable {
        JwtConsumer c = consumer;
        if (c == null) {
            synchronized (this) {
                if (consumer == null) {
                    consumer = build(settings.jwksUrl() != null ? settings.jwksUrl() : discoverJwks());
                }
                c = consumer;
            }
        }
        return c;
    }

    private JwtConsumer build(URI jwksUrl) {
        HttpsJwks jwks = new HttpsJwks(jwksUrl.toString());
        Get get = new Get();
        get.setConnectTimeout((int) HTTP_TIMEOUT.toMillis());
        get.setReadTimeout((int) HTTP_TIMEOUT.toMillis());
        jwks.setSimpleHttpGet(get);
        return new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setAllowedClockSkewInSeconds((int) CLOCK_SKEW.toSeconds())
                .setExpectedIssuer(settings.issuer())
                .setExpectedAudience(settings.audience())
                .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(jwks))
                .setJwsAlgorithmConstraints(
                        AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.RSA_USING_SHA256,
                        AlgorithmIdentifiers.RSA_USING_SHA384,
                        AlgorithmIdentifiers.RSA_USING_SHA512,
                        AlgorithmIdentifiers.RSA_PSS_USING_SHA256,
                        AlgorithmIdentifiers.RSA_PSS_USING_SHA384,
                        AlgorithmIdentifiers.RSA_PSS_USING_SHA512,
                        AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256,
                        AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384,
                        AlgorithmIdentifiers.ECDSA_USING_P521_CURVE_AND_SHA512)
                .build();
    }

    /** The provider's {@code jwks_uri}; its document must name the configured issuer (OIDC Discovery 1.0, 4.3). */
    private URI discoverJwks() throws ProviderUnavailable {
        URI doc = settings.discovery();
        HttpResponse<String> r;
        try {
            r = http.send(
                    HttpRequest.newBuilder(doc)
                            .timeout(HTTP_TIMEOUT)
                            .header("Accept", "application/json")
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ProviderUnavailable(doc + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderUnavailable(doc + ": interrupted");
        }
        if (r.statusCode() != 200) {
            throw new ProviderUnavailable(doc + " answered HTTP " + r.statusCode());
        }
        JsonNode json;
        try {
            json = JSON.readTree(r.body());
        } catch (IOException e) {
            throw new ProviderUnavailable(doc + " is not JSON");
        }
        if (!settings.issuer().equals(json.path("issuer").asText())) {
            throw new ProviderUnavailable(doc + " names issuer '"
                    + json.path("issuer").asText() + "', not the configured " + settings.issuer());
        }
        String jwks = json.path("jwks_uri").asText("");
        if (jwks.isEmpty()) {
            throw new ProviderUnavailable(doc + " has no jwks_uri");
        }
        return URI.create(jwks);
    }

    /** Discovery failed: the token cannot be judged either way (503, tried again on the next request). */
    static final class ProviderUnavailable extends Exception {
        ProviderUnavailable(String message) {
            super(message);
        }
    }
}
