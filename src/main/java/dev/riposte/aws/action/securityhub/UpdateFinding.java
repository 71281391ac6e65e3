package dev.riposte.aws.action.securityhub;

import static dev.riposte.aws.client.Requests.params;
import static dev.riposte.aws.client.Requests.request;

import com.fasterxml.jackson.databind.JsonNode;
import dev.riposte.aws.action.AwsHandler;
import dev.riposte.aws.action.Execution;
import dev.riposte.aws.client.AwsClients;
import dev.riposte.aws.document.EventDetail;
import dev.riposte.aws.json.AwsJsonClient;
import dev.riposte.aws.json.JsonOperation;
import dev.riposte.command.ActionCommand;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.ActionSpec;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.ExecutionResult;
import dev.riposte.dispatch.ParamSpec;
import dev.riposte.fact.SecurityEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code securityhub:update-finding}: set a Security Hub finding's workflow status ({@code NEW|NOTIFIED|RESOLVED|SUPPRESSED})
 * and add a note, through BatchUpdateFindings (the API meant for responders; findings providers use another). The finding is
 * the target (its ASFF {@code Id}), else the event's own finding, with the {@code productArn} parameter or the event's
 * {@code ProductArn}. GetFindings is read first: a finding already in that status with that note is success without an update
 * (every update makes Security Hub emit the finding again, which would come back here as a new event), one Security Hub no
 * longer has is skipped. Public: wiring outside CDI constructs it.
 */
@ApplicationScoped
public class UpdateFinding extends AwsHandler {
    static final JsonOperation GET_FINDINGS = JsonOperation.rest("securityhub", "GetFindings", "POST", "/findings");
    static final JsonOperation BATCH_UPDATE_FINDINGS =
            JsonOperation.rest("securityhub", "BatchUpdateFindings", "PATCH", "/findings/batchupdate");
    static final Set<String> STATUSES = Set.of("NEW", "NOTIFIED", "RESOLVED", "SUPPRESSED");
    /** The unprocessed-finding code that means the finding is gone. */
    static final String NOT_FOUND = "FindingNotFound";

    static final String UPDATED_BY = "riposte";
    static final int MAX_NOTE = 512;
    private static final String PRODUCT_ARN = "arn:aws[a-z-]*:securityhub:[a-z0-9-]+:\\d{0,12}:product/.+";

    private static final ActionSpec SPEC = ActionSpec.builder("securityhub:update-finding")
            .description(
                    "Set a Security Hub finding's workflow status and add a note (the target finding Id, else the event's own finding)")
            .params(
                    ParamSpec.required(
                            "status", ParamSpec.Type.STRING, "workflow status: NEW, NOTIFIED, RESOLVED or SUPPRESSED"),
                    ParamSpec.optional(
                            "note",
                            ParamSpec.Type.STRING,
                            "note text, up to " + MAX_NOTE + " characters (updated by 'riposte')"),
                    ParamSpec.optional(
                            "productArn", ParamSpec.Type.STRING, "the finding's ProductArn (default: the event's)"),
                    ParamSpec.optional("reason", ParamSpec.Type.STRING, "why, for the audit log"))
            .permissions("securityhub:GetFindings", "securityhub:BatchUpdateFindings")
            .build();

    @Inject
    public UpdateFinding(AwsClients clients) {
        super(SPEC, clients);
    }

    @Override
    public ActionCommand example() {
        return ActionCommand.of(
                        SPEC.id(),
                        "arn:aws:securityhub:us-east-1:111122223333:"
                                + "subscription/aws-foundational-security-best-practices/v/1.0.0/S3.2/finding/0a1b2c3d")
                .with("status", "RESOLVED")
                .with("note", "fixed by Riposte")
                .with("productArn", "arn:aws:securityhub:us-east-1::product/aws/securityhub");
    }

    @Override
    public List<String> check(ActionCommand command) {
        List<String> problems = new ArrayList<>();
        Object status = command.params().get("status");
        if (!STATUSES.contains(String.valueOf(status))) {
            problems.add(SPEC.id() + " status '" + status + "' is not one of NEW, NOTIFIED, RESOLVED, SUPPRESSED");
        }
        Object note = command.params().get("note");
        if (note != null
                && (String.valueOf(note).isBlank() || String.valueOf(note).length() > MAX_NOTE)) {
            problems.add(SPEC.id() + " note must be 1 to " + MAX_NOTE + " characters");
        }
        Object product = command.params().get("productArn");
        if (product != null && !String.valueOf(product).matches(PRODUCT_ARN)) {
            problems.add(SPEC.id() + " productArn '" + product + "' is not a Security Hub product ARN");
        }
        if (command.target() != null
                && (command.target().isBlank() || command.target().length() > 512)) {
            problems.add(SPEC.id() + " target must be a finding Id of 1 to 512 characters");
        }
        return problems;
    }

    @Override
    public List<AwsRequest> plan(ActionContext ctx) {
        Finding f = finding(ctx);
        return List.of(get(f), update(f, ctx.param("status", null), ctx.param("note", null)));
    }

    @Override
    public ExecutionResult execute(ActionContext ctx) {
        Finding f = finding(ctx);
        String status = ctx.param("status", null);
        String note = ctx.param("note", null);
        return Execution.execute(Set.of(), exec -> {
            AwsJsonClient hub = clients.json("securityhub", ctx);
            AwsRequest read = get(f);
            JsonNode found = exec.readJson(read, () -> hub.call(GET_FINDINGS, read.parameters()))
                    .body()
                    .path("Findings");
            if (found.isEmpty()) {
                return exec.skipped("Security Hub finding " + f.id() + " no longer exists");
            }
            JsonNode current = found.get(0);
            if (status.equals(current.path("Workflow").path("Status").asText(null))
                    && (note == null
                            || note.equals(current.path("Note").path("Text").asText(null)))) {
                return exec.succeeded(); // already so: an update would only re-emit the finding
            }
            AwsRequest change = update(f, status, note);
            JsonNode answer = exec.changeJson(
                            change, Set.of(), () -> hub.call(BATCH_UPDATE_FINDINGS, change.parameters()))
                    .orElseThrow()
                    .body();
            JsonNode unprocessed = answer.path("UnprocessedFindings");
            if (!unprocessed.isEmpty()) {
                String code = unprocessed.get(0).path("ErrorCode").asText("Unknown");
                String why =
                        code + ": " + unprocessed.get(0).path("ErrorMessage").asText("");
                return NOT_FOUND.equals(code) ? exec.skipped(why) : exec.failed(why);
            }
            return exec.succeeded();
        });
    }

    /** The identity of one finding. */
    record Finding(String id, String productArn) {}

    static Finding finding(ActionContext ctx) {
        SecurityEvent e = ctx.event();
        boolean own = ctx.target() == null || ctx.target().isBlank();
        if (own && (e == null || !"securityhub".equals(e.source()))) {
            throw new IllegalArgumentException(
                    "securityhub:update-finding needs a finding Id: give a target, or emit it for"
                            + " a Security Hub event");
        }
        String id = own ? e.id() : ctx.target();
        String product = ctx.param("productArn", null);
        if (product == null && e != null && "securityhub".equals(e.source())) {
            product = EventDetail.text(e.detail(), "ProductArn");
            if (product == null) {
                product = EventDetail.text(EventDetail.child(e.detail(), "detail"), "ProductArn");
            }
        }
        if (product == null) {
            throw new IllegalArgumentException("securityhub:update-finding cannot tell the ProductArn of finding " + id
                    + ": pass the productArn parameter");
        }
        return new Finding(id, product);
    }

    static AwsRequest get(Finding f) {
        return request(
                "securityhub",
                "GetFindings",
                "Filters",
                params("Id", List.of(equalTo(f.id())), "ProductArn", List.of(equalTo(f.productArn()))),
                "MaxResults",
                1);
    }

    static AwsRequest update(Finding f, String status, String note) {
        return request(
                "securityhub",
                "BatchUpdateFindings",
                "FindingIdentifiers",
                List.of(params("Id", f.id(), "ProductArn", f.productArn())),
                "Workflow",
                params("Status", status),
                "Note",
                note == null ? null : params("Text", note, "UpdatedBy", UPDATED_BY));
    }

    private static Map<String, Object> equalTo(String value) {
        return params("Value", value, "Comparison", "EQUALS");
    }
}
