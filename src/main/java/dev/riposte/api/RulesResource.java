package dev.riposte.api;

import dev.riposte.pipeline.LiveService;
import dev.riposte.rules.RuleSetStatus;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code GET /admin/rules} (viewer): the active rule set — version, rule count, last reload, the problems that
 * kept the newest files out; {@code POST /admin/rules/reload} (operator): recompile now. A broken rule set
 * never replaces the running one, so a failed reload answers 422 with the problems and changes nothing.
 */
@AdminEndpoint
@Path("/admin/rules")
@APIResponse(
        responseCode = "503",
        description = "the service is not serving yet",
        content = @Content(schema = @Schema(ref = "Unavailable")))
@Produces(MediaType.APPLICATION_JSON)
public class RulesResource {

    @Inject
    LiveService service;

    @GET
    @APIResponse(
            responseCode = "200",
            description = "the active rule set",
            content = @Content(schema = @Schema(ref = "RuleSet")))
    public Response status() {
        if (!service.started()) {
            return Response.status(503)
                    .entity(Map.of("error", "riposte is not serving"))
                    .build();
        }
        return Response.ok(view(service.rulesStatus())).build();
    }

    @POST
    @Path("/reload")
    @APIResponse(
            responseCode = "200",
            description = "recompiled: the new rule set is active",
            content = @Content(schema = @Schema(ref = "RuleSet")))
    @APIResponse(
            responseCode = "422",
            description = "the rule files have problems (lastErrors): the running rule set stays",
            content = @Content(schema = @Schema(ref = "RuleSet")))
    public Response reload() {
        if (!service.started()) {
            return Response.status(503)
                    .entity(Map.of("error", "riposte is not serving"))
                    .build();
        }
        boolean ok = service.engine().reload().isEmpty();
        return Response.status(ok ? 200 : 422)
                .entity(view(service.rulesStatus()))
                .build();
    }

    private Map<String, Object> view(RuleSetStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", s.version());
        m.put("rules", s.rules());
        m.put("ruleNames", service.engine().current().ruleNames());
        m.put("lastReload", String.valueOf(s.lastReload()));
        m.put("reloadsOk", s.reloadsOk());
        m.put("reloadsFailed", s.reloadsFailed());
        m.put("lastErrors", s.lastErrors().stream().map(Object::toString).toList());
        // with several replicas: which one runs the rules (the others stand by)
        m.put("replica", service.ownership().replica());
        m.put("role", service.ownership().owner() ? "owner" : "standby");
        m.put("rulesOwner", service.ownership().currentOwner().orElse("none"));
        return m;
    }
}
