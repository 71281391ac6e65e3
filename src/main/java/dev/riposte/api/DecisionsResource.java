package dev.riposte.api;

import dev.riposte.audit.AuditRecord;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.function.Predicate;

/** {@code GET /admin/decisions?outcome=&rule=&action=&eventId=&limit=} (viewer): recent audit records, newest first. */
@AdminEndpoint
@Path("/admin/decisions")
@Produces(MediaType.APPLICATION_JSON)
public class DecisionsResource {

    @Inject
    RecentDecisions recent;

    @GET
    public List<AuditRecord> list(@QueryParam("outcome") String outcome, @QueryParam("rule") String rule,
                                  @QueryParam("action") String action, @QueryParam("eventId") String eventId,
                                  @QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || limit > RecentDecisions.CAPACITY) {
            throw new BadRequestException("limit must be 1.." + RecentDecisions.CAPACITY);
        }
        Predicate<AuditRecord> f = r -> (outcome == null || outcome.equals(r.outcome()))
                && (rule == null || rule.equals(r.rule()))
                && (action == null || action.equals(r.action()))
                && (eventId == null || eventId.equals(r.eventId()));
        return recent.find(f, limit);
    }
}
