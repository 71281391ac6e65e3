package dev.riposte.source.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riposte.audit.AuditRecord;
import dev.riposte.decision.Outcome;
import dev.riposte.pipeline.LiveService;
import dev.riposte.pipeline.Pipeline;
import dev.riposte.pipeline.RulesOwnership;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /events}: one event or a JSON array of events (the shapes docs/normalization.md lists). Reads the body as text so
 * that malformed JSON is audited as {@code rejected} like any other bad input, then answers 400. HTTP has no
 * redelivery: when a command was {@code rate-limited} the answer is 429 with {@code Retry-After}, so that the sender
 * posts the event again later (idempotency keeps what was already carried out from running twice). Only the replica that
 * owns the rules evaluates events: the others answer 503 with {@code Retry-After} and the owner's name.
 */
@Path("/events")
@Tag(name = "events", description = "Event ingest")
@SecurityRequirement(name = "ingestToken") // declared in META-INF/openapi.yaml
public class EventsResource {
    static final int MAX_BODY = 5 * 1024 * 1024;
    static final String RETRY_AFTER_SECONDS = "10";

    @Inject
    LiveService service;

    @Inject
    ObjectMapper json;

    @POST
    @Operation(
            summary = "Evaluate one event or a JSON array of events",
            description =
                    "Accepts the shapes `riposte normalize` reads (EventBridge, SNS, CloudTrail, GuardDuty, ASFF, custom). "
                            + "Answers with the decisions: {accepted, rejected, decisions: [audit records]}.")
    @RequestBody(
            required = true,
            description = "one event or a JSON array of events, UTF-8, at most 5 MiB",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Events")))
    @APIResponse(
            responseCode = "200",
            description = "evaluated; `decisions` holds one audit record per decision",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Answer.class)))
    @APIResponse(
            responseCode = "400",
            description =
                    "empty body, not UTF-8, not JSON (audited as rejected, with the reason); or every event rejected"
                            + " (then the body is the answer of a 200, each rejection in `decisions`)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "EventsRefused")))
    @APIResponse(
            responseCode = "401",
            description =
                    "riposte.ingest.token is set and the request lacks `Authorization: Bearer <token>` or has another",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Error")))
    @APIResponse(
            responseCode = "413",
            description = "body larger than 5 MiB (audited as rejected, with the reason)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Error")))
    @APIResponse(
            responseCode = "429",
            description = "evaluated, but a command was rate-limited: post the event again after "
                    + "Retry-After seconds (what was already carried out is not repeated); `decisions` as for 200",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Answer.class)))
    @APIResponse(
            responseCode = "503",
            description = "the service is not serving yet, or this replica does not own the rules (a"
                    + " standby, or an owner that cannot renew its lease): nothing was evaluated; post the event again after Retry-After"
                    + " seconds, or to the replica `rulesOwner` names",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Unavailable")))
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response ingest(@HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength, InputStream in)
            throws IOException {
        if (!service.started()) {
            return Response.status(503)
                    .entity(Map.of("error", "riposte is not serving"))
                    .build();
        }
        RulesOwnership ownership = service.ownership();
        if (ownership != null && !ownership.owner()) {
            return standingBy(ownership);
        }
        Pipeline pipeline = service.pipeline();
        long declared = declaredLength(contentLength);
        if (declared > MAX_BODY) { // refused before a byte of it is read
            AuditRecord r = pipeline.reject(
                    "http",
                    "too large: " + declared + " bytes > " + MAX_BODY + " (5 MiB): split it into several requests");
            return Response.status(413).entity(Map.of("error", r.error())).build();
        }
        byte[] bytes = in.readNBytes(MAX_BODY + 1); // never more than the limit in memory, whatever the sender claims
        if (bytes.length > MAX_BODY) {
            AuditRecord r = pipeline.reject(
                    "http", "too large: more than " + MAX_BODY + " bytes (5 MiB): split it into several requests");
            return Response.status(413).entity(Map.of("error", r.error())).build();
        }
        String body;
        try {
            body = utf8(bytes);
        } catch (IllegalArgumentException e) {
            AuditRecord r = pipeline.reject("http", e.getMessage());
            return Response.status(400).entity(Map.of("error", r.error())).build();
        }
        if (body.isBlank()) {
            AuditRecord r = pipeline.reject("http", "empty body: send one event or a JSON array of events");
            return Response.status(400).entity(Map.of("error", r.error())).build();
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (Exception e) {
            String reason = "not JSON: " + e.getMessage().lines().findFirst().orElse("");
            pipeline.reject("http", reason);
            return Response.status(400).entity(Map.of("error", reason)).build();
        }
        List<JsonNode> events = new ArrayList<>();
        if (root.isArray()) {
            root.forEach(events::add);
        } else {
            events.add(root);
        }
        List<AuditRecord> records = new ArrayList<>();
        int rejected = 0;
        for (int i = 0; i < events.size(); i++) {
            Pipeline.Result r = pipeline.process(events.get(i), root.isArray() ? "http[" + i + "]" : "http");
            records.addAll(r.records());
            rejected += (int) r.records().stream()
                    .filter(a -> a.outcome() == Outcome.REJECTED)
                    .count();
        }
        Answer answer = new Answer(events.size() - rejected, rejected, records);
        if (records.stream().anyMatch(a -> a.outcome() == Outcome.RATE_LIMITED)) {
            return Response.status(429)
                    .header("Retry-After", RETRY_AFTER_SECONDS)
                    .entity(answer)
                    .build();
        }
        return Response.status(rejected > 0 && rejected == events.size() ? 400 : 200)
                .entity(answer)
                .build();
    }

    /**
     * A replica that does not own the rules decides nothing: the event is not read, not audited, not evaluated. 503 with
     * {@code Retry-After} (the lease period: by then the owner answers, or this replica has taken over) tells clients and
     * load balancers to send it again, to the owner the body names.
     */
    private static Response standingBy(RulesOwnership o) {
        String owner = o.currentOwner().filter(x -> !x.equals(o.replica())).orElse(null);
        String error = owner != null
                ? "this replica (" + o.replica() + ") stands by: the rules are owned by " + owner
                        + "; post the event to the owner, or again after Retry-After seconds"
                : "this replica (" + o.replica()
                        + ") cannot confirm it owns the rules (its lease is not renewed: the state backend"
                        + " is unreachable or no replica owns them yet); it decides nothing until it does: post the event again after"
                        + " Retry-After seconds";
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("replica", o.replica());
        body.put("role", "standby");
        body.put("rulesOwner", owner == null ? "none" : owner);
        return Response.status(503)
                .header("Retry-After", Long.toString(Math.max(1, (o.period().toMillis() + 999) / 1000)))
                .entity(body)
                .build();
    }

    /** What {@code POST /events} answers: events evaluated, events rejected, and every decision's audit record. */
    record Answer(int accepted, int rejected, List<AuditRecord> decisions) {}

    static long declaredLength(String header) {
        try {
            return header == null ? -1 : Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Strict UTF-8: a body with bytes that are not UTF-8 is refused, not read with replacement characters (an id or
     * an ARN silently altered could then be acted on).
     */
    static String utf8(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(in)
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(
                    "not UTF-8: invalid byte 0x%02x at offset %d; send the event as UTF-8 JSON"
                            .formatted(bytes[in.position()] & 0xff, in.position()));
        }
    }
}
