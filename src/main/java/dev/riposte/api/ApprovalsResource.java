package dev.riposte.api;

import dev.riposte.audit.AuditRecord;
import dev.riposte.pipeline.LiveService;
import dev.riposte.pipeline.Pipeline;
import dev.riposte.playbook.run.Approvals;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;

/**
 * Playbook steps waiting for approval: {@code GET /admin/approvals} (viewer); {@code POST
 * /admin/approvals/{id}/approve} and {@code .../reject} (operator) decide one and answer with the audit records
 * of what then ran. The key's name is recorded as the approver.
 */
@AdminEndpoint
@SecurityRequirements({@SecurityRequirement(name = OpenApiSecurity.API_KEY), @SecurityRequirement(name = OpenApiSecurity.OIDC)})
@Path("/admin/approvals")
@Produces(MediaType.APPLICATION_JSON)
public class ApprovalsResource {

    @Inject
    LiveService service;

    @GET
    public Response list() {
        if (!service.started()) {
            return Response.status(503).entity(Map.of("error", "riposte is not serving")).build();
        }
        Pipeline p = service.pipeline();
        p.expireApprovals();
        return Response.ok(p.approvals().list().stream().map(Approvals.Pending::view).toList()).build();
    }

    @POST
    @Path("/{id}/approve")
    public Response approve(@PathParam("id") String id, @Context ContainerRequestContext request) {
        return decide(id, request, true);
    }

    @POST
    @Path("/{id}/reject")
    public Response reject(@PathParam("id") String id, @Context ContainerRequestContext request) {
        return decide(id, request, false);
    }

    private Response decide(String id, ContainerRequestContext request, boolean approve) {
        if (!service.started()) {
            return Response.status(503).entity(Map.of("error", "riposte is not serving")).build();
        }
        String who = "api:" + request.getProperty(AdminAuthFilter.PRINCIPAL);
        Pipeline p = service.pipeline();
        Optional<List<AuditRecord>> done = approve ? p.approveStep(id, who) : p.rejectStep(id, who);
        return done.map(records -> Response.ok(Map.of("id", id, "decision", approve ? "approved" : "rejected", "by", who,
                        "records", records)).build())
                .orElseGet(() -> Response.status(404).entity(Map.of("error",
                        "no step waiting for approval with id " + id + " (unknown, already decided or expired)")).build());
    }
}
