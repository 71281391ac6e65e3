package dev.riposte.api;

import dev.riposte.pipeline.LiveService;
import dev.riposte.pipeline.StepDecision;
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
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Playbook steps waiting for approval: {@code GET /admin/approvals} (viewer); {@code POST
 * /admin/approvals/{id}/approve} and {@code .../reject} (operator) decide one. On the replica that owns the rules the step
 * is carried out at once (200, with the audit records of what then ran); on a standby the decision is recorded and the
 * owner carries it out within a second (202, naming it). 409 when it was decided before or expired, 404 when unknown.
 * The key's name is recorded as the approver.
 */
@AdminEndpoint
@Path("/admin/approvals")
@APIResponse(
        responseCode = "503",
        description = "the service is not serving yet",
        content = @Content(schema = @Schema(ref = "Unavailable")))
@Produces(MediaType.APPLICATION_JSON)
public class ApprovalsResource {

    @Inject
    LiveService service;

    @GET
    @APIResponse(
            responseCode = "200",
            description = "the steps waiting for approval",
            content = @Content(schema = @Schema(ref = "PendingSteps")))
    public Response list() {
        if (!service.started()) {
            return Response.status(503)
                    .entity(Map.of("error", "riposte is not serving"))
                    .build();
        }
        return Response.ok(service.pipeline().approvals().list().stream()
                        .map(Approvals.Pending::view)
                        .toList())
                .build();
    }

    @POST
    @Path("/{id}/approve")
    @APIResponse(
            responseCode = "200",
            description = "carried out on this replica, which owns the rules: `records` has what then ran",
            content = @Content(schema = @Schema(ref = "StepDecision")))
    @APIResponse(
            responseCode = "202",
            description =
                    "recorded on a standby: `carriedOutBy`, the owner of the rules, carries it out within a second",
            content = @Content(schema = @Schema(ref = "StepDecision")))
    @APIResponse(
            responseCode = "404",
            description = "no step waits with that id",
            content = @Content(schema = @Schema(ref = OpenApiSecurity.ERROR)))
    @APIResponse(
            responseCode = "409",
            description = "decided before, or expired: what happened to it",
            content = @Content(schema = @Schema(ref = OpenApiSecurity.ERROR)))
    public Response approve(@PathParam("id") String id, @Context ContainerRequestContext request) {
        return decide(id, request, true);
    }

    @POST
    @Path("/{id}/reject")
    @APIResponse(
            responseCode = "200",
            description = "carried out on this replica, which owns the rules: `records` has what then ran",
            content = @Content(schema = @Schema(ref = "StepDecision")))
    @APIResponse(
            responseCode = "202",
            description =
                    "recorded on a standby: `carriedOutBy`, the owner of the rules, carries it out within a second",
            content = @Content(schema = @Schema(ref = "StepDecision")))
    @APIResponse(
            responseCode = "404",
            description = "no step waits with that id",
            content = @Content(schema = @Schema(ref = OpenApiSecurity.ERROR)))
    @APIResponse(
            responseCode = "409",
            description = "decided before, or expired: what happened to it",
            content = @Content(schema = @Schema(ref = OpenApiSecurity.ERROR)))
    public Response reject(@PathParam("id") String id, @Context ContainerRequestContext request) {
        return decide(id, request, false);
    }

    private Response decide(String id, ContainerRequestContext request, boolean approve) {
        if (!service.started()) {
            return Response.status(503)
                    .entity(Map.of("error", "riposte is not serving"))
                    .build();
        }
        String who = "api:" + request.getProperty(AdminAuthFilter.PRINCIPAL);
        StepDecision d = approve
                ? service.pipeline().approveStep(id, who)
                : service.pipeline().rejectStep(id, who);
        if (d.refused() != null) {
            return Response.status(d.known() ? 409 : 404)
                    .entity(Map.of("error", d.refused()))
                    .build();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("decision", approve ? "approved" : "rejected");
        body.put("by", who);
        if (d.carriedOut()) {
            body.put("records", d.records());
            return Response.ok(body).build();
        }
        // a standby records the decision; the replica that owns the rules carries it out on its next timer tick
        body.put("carriedOutBy", service.ownership().currentOwner().orElse("the next owner of the rules"));
        return Response.accepted(body).build();
    }
}
