package dev.riposte.api;

import dev.riposte.guard.Breaker;
import dev.riposte.guard.BreakerStatus;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;

/** {@code GET /admin/breaker} (viewer) and {@code POST /admin/breaker/reset} (operator): the blast-radius breaker. */
@AdminEndpoint
@SecurityRequirements({
    @SecurityRequirement(name = OpenApiSecurity.API_KEY),
    @SecurityRequirement(name = OpenApiSecurity.OIDC)
})
@Path("/admin/breaker")
@Produces(MediaType.APPLICATION_JSON)
public class BreakerResource {

    @Inject
    Breaker breaker;

    @GET
    public BreakerStatus status() {
        return breaker.status();
    }

    @POST
    @Path("/reset")
    public BreakerStatus reset(@Context ContainerRequestContext request) {
        return breaker.reset("api:" + request.getProperty(AdminAuthFilter.PRINCIPAL));
    }
}
