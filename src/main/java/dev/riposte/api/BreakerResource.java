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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;

/** {@code GET /admin/breaker} (viewer) and {@code POST /admin/breaker/reset} (operator): the blast-radius breaker. */
@AdminEndpoint
@SecurityRequirements({
    @SecurityRequirement(name = OpenApiSecurity.API_KEY),
    @SecurityRequirement(name = OpenApiSecurity.OIDC)
})
@Path("/admin/breaker")
@APIResponse(
        responseCode = "401",
        description = "no credentials, or ones that are not valid",
        content = @Content(schema = @Schema(ref = OpenApiSecurity.ERROR)))
@APIResponse(
        responseCode = "403",
        description = "valid credentials whose role may not do this (a viewer posting)",
        content = @Content(schema = @Schema(ref = OpenApiSecurity.ERROR)))
@Produces(MediaType.APPLICATION_JSON)
public class BreakerResource {

    @Inject
    Breaker breaker;

    @GET
    @APIResponse(
            responseCode = "200",
            description = "the breaker now",
            content = @Content(schema = @Schema(implementation = BreakerStatus.class)))
    public BreakerStatus status() {
        return breaker.status();
    }

    @POST
    @Path("/reset")
    @APIResponse(
            responseCode = "200",
            description = "closed; the reset is recorded with who did it (operator)",
            content = @Content(schema = @Schema(implementation = BreakerStatus.class)))
    public BreakerStatus reset(@Context ContainerRequestContext request) {
        return breaker.reset("api:" + request.getProperty(AdminAuthFilter.PRINCIPAL));
    }
}
