package dev.riposte.api;

import dev.riposte.config.RiposteConfig;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * OIDC bearer tokens for the admin API, from {@code riposte.admin.oidc.*}. Off unless {@code issuer} is set, so no
 * command needs an identity provider to start. Read at request time like the API keys: providers are built before
 * the runtime configuration is final.
 *
 * @param issuer       the {@code iss} every token must carry; discovery document at {@code <issuer>/.well-known/openid-configuration}
 * @param audience     the {@code aud} every token must carry (required: tokens the same provider issues to other apps are refused)
 * @param jwksUrl      where the signing keys are; null: the discovery document's {@code jwks_uri}
 * @param rolesClaim   claim holding the roles, {@code /} for nesting ({@code groups}, {@code realm_access/roles}, {@code cognito:groups})
 * @param viewerRole   value of that claim that grants {@code viewer}
 * @param operatorRole value of that claim that grants {@code operator} (which includes viewer)
 */
record OidcSettings(
        String issuer, String audience, URI jwksUrl, List<String> rolesClaim, String viewerRole, String operatorRole) {
    static final String PREFIX = "riposte.admin.oidc.";

    OidcSettings {
        rolesClaim = List.copyOf(rolesClaim);
    }

    /**
     * @param config {@code riposte.admin.oidc.*}
     * @return empty when OIDC is off (no issuer)
     * @throws IllegalArgumentException naming the key at fault
     */
    static Optional<OidcSettings> from(RiposteConfig.Admin.Oidc config) {
        Optional<String> issuer = value(config.issuer());
        if (issuer.isEmpty()) {
            return Optional.empty();
        }
        URI issuerUri = url("issuer", issuer.get());
        String audience = value(config.audience())
                .orElseThrow(() -> new IllegalArgumentException(PREFIX + "audience must be set when " + PREFIX
                        + "issuer is: the client id or API identifier tokens for Riposte carry in `aud`"));
        URI jwks = value(config.jwksUrl()).map(u -> url("jwks-url", u)).orElse(null);
        String claim = config.rolesClaim().strip();
        List<String> path = List.of(claim.split("/"));
        if (path.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException(
                    PREFIX + "roles-claim '" + claim + "' has an empty part: write e.g. realm_access/roles");
        }
        String viewer = config.viewerRole().strip();
        String operator = config.operatorRole().strip();
        if (viewer.equals(operator)) {
            throw new IllegalArgumentException(
                    PREFIX + "viewer-role and " + PREFIX + "operator-role must differ, both are '" + viewer + "'");
        }
        return Optional.of(new OidcSettings(issuerUri.toString(), audience, jwks, path, viewer, operator));
    }

    private static Optional<String> value(Optional<String> value) {
        return value.map(String::strip).filter(v -> !v.isEmpty());
    }

    /** https only, but for loopback addresses (tests, a local provider): tokens and keys must not travel in clear. */
    private static URI url(String key, String value) {
        URI u;
        try {
            u = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PREFIX + key + " is not a URL: " + value);
        }
        String host = u.getHost();
        boolean loopback = "localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host);
        if (host == null || !("https".equals(u.getScheme()) || ("http".equals(u.getScheme()) && loopback))) {
            throw new IllegalArgumentException(
                    PREFIX + key + " must be an https URL (http only for localhost), got " + value);
        }
        return u;
    }

    /** The discovery document's address (OpenID Connect Discovery 1.0, section 4). */
    URI discovery() {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        return URI.create(base + "/.well-known/openid-configuration");
    }
}
