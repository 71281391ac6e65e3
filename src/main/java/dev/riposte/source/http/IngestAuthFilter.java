package dev.riposte.source.http;

import dev.riposte.config.RiposteConfig;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;

/**
 * Authentication for {@code POST /events} when {@code riposte.ingest.token} is set: the request must carry
 * {@code Authorization: Bearer <token>}, else 401 and nothing reaches the pipeline. Unset, ingest is open
 * (for a listener bound to localhost or behind an authenticating proxy).
 */
@Provider
class IngestAuthFilter implements ContainerRequestFilter {

    @Context
    ResourceInfo resource;

    @Inject
    Instance<RiposteConfig> config;

    @Override
    public void filter(ContainerRequestContext request) {
        // looked up per request: providers are built before the runtime configuration is final
        Optional<String> expected =
                config.get().ingest().token().map(String::strip).filter(t -> !t.isEmpty());
        boolean ingest = (resource != null && resource.getResourceClass() == EventsResource.class)
                || isIngest(request.getUriInfo().getPath());
        if (expected.isEmpty() || !ingest) {
            return;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        String given = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).strip()
                : "";
        // constant time: the comparison does not tell how much of a guess was right
        if (!MessageDigest.isEqual(
                given.getBytes(StandardCharsets.UTF_8), expected.get().getBytes(StandardCharsets.UTF_8))) {
            request.abortWith(Response.status(Response.Status.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"riposte\"")
                    .type(MediaType.APPLICATION_JSON)
                    .entity(Map.of(
                            "error",
                            header == null
                                    ? "authentication required: Authorization: Bearer <riposte.ingest.token>"
                                    : "invalid token"))
                    .build());
        }
    }

    static boolean isIngest(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return p.equals("events") || p.startsWith("events/");
    }
}
