package dev.riposte.api;

import dev.riposte.config.RiposteConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Guards everything under {@code /admin}: reads (GET, HEAD, OPTIONS) need the viewer or operator role, changes (any method but GET/HEAD)
 * operator. Credentials: an API key ({@code X-API-Key} or {@code Authorization: Bearer}, see {@link ApiKeys}) or,
 * when {@code riposte.admin.oidc.issuer} is set, an OIDC bearer token ({@link OidcTokens}). Deny by default: with
 * neither configured every admin request is refused. The caller's name is passed on to the resource (as request
 * property {@value #PRINCIPAL}) so the audit says who approved.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
class AdminAuthFilter implements ContainerRequestFilter {
    static final String PRINCIPAL = "riposte.admin.principal";
    private static final Logger LOG = Logger.getLogger(AdminAuthFilter.class);
    private volatile String parsedFrom;
    private volatile ApiKeys parsed = ApiKeys.parse("");
    private volatile Optional<OidcSettings> oidcFrom = Optional.empty();
    private volatile OidcTokens oidc;

    /** Looked up per request: providers are built before the runtime configuration is final. */
    @Inject
    Instance<RiposteConfig> config;

    /** Keys as configured now. */
    private ApiKeys keys() {
        String raw = config.get().admin().apiKeys().orElse("");
        if (!raw.equals(parsedFrom)) {
            parsed = ApiKeys.parse(raw);
            parsedFrom = raw;
        }
        return parsed;
    }

    /** The OIDC verifier as configured now, null when OIDC is off; rebuilt (keys fetched anew) when the settings change. */
    private OidcTokens oidc() {
        Optional<OidcSettings> settings = OidcSettings.from(config.get().admin().oidc());
        if (!settings.equals(oidcFrom)) {
            oidc = settings.map(OidcTokens::new).orElse(null);
            oidcFrom = settings;
        }
        return oidc;
    }

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        Class<?> target = resource == null ? null : resource.getResourceClass();
        boolean adminResource = target != null && target.isAnnotationPresent(AdminEndpoint.class);
        if (!adminResource && !isAdmin(path)) {
            return;
        }
        String method = request.getMethod();
        ApiKeys.Role needed = "GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method)
                ? ApiKeys.Role.viewer
                : ApiKeys.Role.operator;
        ApiKeys.Access access;
        try {
            access = authenticate(
                    request.getHeaderString("X-API-Key"), request.getHeaderString(HttpHeaders.AUTHORIZATION), needed);
        } catch (IllegalArgumentException misconfigured) {
            LOG.errorf("admin API refused: %s", misconfigured.getMessage());
            access = new ApiKeys.Access(
                    500, null, "admin authentication is misconfigured: " + misconfigured.getMessage());
        }
        if (!access.allowed()) {
            Response.ResponseBuilder r = Response.status(access.status())
                    .type(MediaType.APPLICATION_JSON)
                    .entity(Map.of("error", access.reason()));
            if (access.status() == 401) {
                r.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"riposte-admin\"");
            } else if (access.status() == 403 && access.principal() != null) {
                LOG.warnf(
                        "admin API: %s refused %s %s: %s",
                        access.principal(), request.getMethod(), path, access.reason());
            }
            request.abortWith(r.build());
            return;
        }
        request.setProperty(PRINCIPAL, access.principal());
    }

    /**
     * An API key first (a cheap hash comparison; a key that happens to look like a JWT still works), then, for a
     * bearer credential shaped like a JWT, OIDC.
     */
    private ApiKeys.Access authenticate(String apiKeyHeader, String authorization, ApiKeys.Role needed) {
        String presented = presentedKey(apiKeyHeader, authorization);
        ApiKeys.Access byKey = keys().check(presented, needed);
        boolean bearer = apiKeyHeader == null || apiKeyHeader.isBlank();
        OidcTokens tokens = byKey.status() == 401 && bearer && OidcTokens.looksLikeJwt(presented) ? oidc() : null;
        if (tokens == null) {
            return byKey.status() == 401 && presented == null && oidc() != null
                    ? new ApiKeys.Access(401, null, "an API key or OIDC bearer token is required")
                    : byKey;
        }
        return tokens.check(presented.strip(), needed);
    }

    static boolean isAdmin(String path) {
        String p = path.startsWith("/") ? path : "/" + path;
        return p.equals("/admin") || p.startsWith("/admin/");
    }

    static String presentedKey(String apiKeyHeader, String authorization) {
        if (apiKeyHeader != null && !apiKeyHeader.isBlank()) {
            return apiKeyHeader;
        }
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7);
        }
        return null;
    }
}
