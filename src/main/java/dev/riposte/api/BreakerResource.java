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

/** {@code GET /admin/breaker} (viewer) and {@code POST /admin/breaker/reset} (operator): the blast-radius breaker. */
@AdminEndpoint
@Path("/admin/breaker")
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
