package dev.riposte.api;

import dev.riposte.audit.AuditRecord;
import dev.riposte.decision.Outcome;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code GET /admin/decisions?outcome=&rule=&action=&eventId=&limit=} (viewer): recent audit records, newest first.
 * A parameter that cannot mean anything ({@code limit=abc}, an outcome no record can have) is a 400 with the reason,
 * not an empty list that looks like "nothing happened".
 */
@AdminEndpoint
@Path("/admin/decisions")
@Produces(MediaType.APPLICATION_JSON)
public class DecisionsResource {

    @Inject
    RecentDecisions recent;

    @GET
    @APIResponse(
            responseCode = "200",
            description = "recent audit records, newest first",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = AuditRecord.class)))
    @APIResponse(
            responseCode = "400",
            description = "a parameter that cannot mean anything (limit=abc, an unknown outcome)",
            content = @Content(schema = @Schema(ref = OpenApiSecurity.ERROR)))
    public Response list(
            @QueryParam("outcome") String outcome,
            @QueryParam("rule") String rule,
            @QueryParam("action") String action,
            @QueryParam("eventId") String eventId,
            @QueryParam("limit") @Schema(type = SchemaType.INTEGER, defaultValue = "100") String limitParam) {
        int limit;
        try {
            limit = limitParam == null || limitParam.isBlank() ? 100 : Integer.parseInt(limitParam.strip());
        } catch (NumberFormatException e) {
            return badRequest(
                    "limit must be a number from 1 to " + RecentDecisions.CAPACITY + ", got '" + limitParam + "'");
        }
        if (limit < 1 || limit > RecentDecisions.CAPACITY) {
            return badRequest("limit must be a number from 1 to " + RecentDecisions.CAPACITY + ", got " + limit);
        }
        Optional<Outcome> wanted = Optional.ofNullable(outcome).flatMap(Outcome::find);
        if (outcome != null && wanted.isEmpty()) {
            return badRequest("unknown outcome '" + outcome + "': one of " + String.join(", ", Outcome.VALUES));
        }
        Predicate<AuditRecord> f = r -> (wanted.isEmpty() || wanted.get() == r.outcome())
                && (rule == null || rule.equals(r.rule()))
                && (action == null || action.equals(r.action()))
                && (eventId == null || eventId.equals(r.eventId()));
        return Response.ok(recent.find(f, limit)).build();
    }

    private static Response badRequest(String reason) {
        return Response.status(400)
                .type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", reason))
                .build();
    }
}
