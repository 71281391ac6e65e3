package dev.riposte.api;

import jakarta.annotation.Priority;
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

/**
 * Guards everything under {@code /admin}: reads need a viewer or operator key, changes (any method but GET/HEAD)
 * an operator key. Deny by default: without configured keys every admin request is refused. The key's name is
 * passed on to the resource (as request property {@value #PRINCIPAL}) so the audit says who approved.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
class AdminAuthFilter implements ContainerRequestFilter {
    static final String PRINCIPAL = "riposte.admin.principal";
    private volatile String parsedFrom;
    private volatile ApiKeys parsed = ApiKeys.parse("");

    /** Keys as configured now: providers are built before the runtime configuration is final, so read it lazily. */
    private ApiKeys keys() {
        String raw = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getOptionalValue("riposte.admin.api-keys", String.class).orElse("");
        if (!raw.equals(parsedFrom)) {
            parsed = ApiKeys.parse(raw);
            parsedFrom = raw;
        }
        return parsed;
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
        ApiKeys.Role needed = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())
                ? ApiKeys.Role.viewer : ApiKeys.Role.operator;
        ApiKeys.Access access = keys().check(presentedKey(request.getHeaderString("X-API-Key"),
                request.getHeaderString(HttpHeaders.AUTHORIZATION)), needed);
        if (!access.allowed()) {
            Response.ResponseBuilder r = Response.status(access.status()).type(MediaType.APPLICATION_JSON)
                    .entity(Map.of("error", access.reason()));
            if (access.status() == 401) {
                r.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"riposte-admin\"");
            }
            request.abortWith(r.build());
            return;
        }
        request.setProperty(PRINCIPAL, access.principal());
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
