package dev.riposte.aws.action.guardduty;

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
import java.util.Set;

/**
 * {@code guardduty:archive-finding}: archive a GuardDuty finding once it has been dealt with, so it leaves the
 * responders' queue. The finding is the target, or the event's own finding; the detector is the {@code detectorId}
 * parameter or the event's ({@code service.detectorId}: one detector per account and region). GetFindings is read
 * first: a finding already archived is success without a change, a finding GuardDuty no longer has is skipped.
 * Public: wiring outside CDI constructs it.
 */
@ApplicationScoped
public class ArchiveFinding extends AwsHandler {
    static final JsonOperation GET_FINDINGS =
            JsonOperation.rest("guardduty", "GetFindings", "POST", "/detector/{detectorId}/findings/get");
    static final JsonOperation ARCHIVE_FINDINGS =
            JsonOperation.rest("guardduty", "ArchiveFindings", "POST", "/detector/{detectorId}/findings/archive");
    private static final String ID = "[A-Za-z0-9_-]{1,300}";
    private static final ActionSpec SPEC = ActionSpec.builder("guardduty:archive-finding")
            .description("Archive a GuardDuty finding (the target, else the event's own finding) in its detector")
            .params(
                    ParamSpec.optional(
                            "detectorId",
                            ParamSpec.Type.STRING,
                            "GuardDuty detector id (default: the event's service.detectorId)"),
                    ParamSpec.optional("reason", ParamSpec.Type.STRING, "why, for the audit log"))
            .permissions("guardduty:GetFindings", "guardduty:ArchiveFindings")
            .build();

    @Inject
    public ArchiveFinding(AwsClients clients) {
        super(SPEC, clients);
    }

    @Override
    public ActionCommand example() {
        return ActionCommand.of(SPEC.id(), "60baffd3f9042e38640f2300d5c5a631")
                .with("detectorId", "12abc34d567e8fa901bc2d34e56789f0");
    }

    @Override
    public List<String> check(ActionCommand command) {
        List<String> problems = new ArrayList<>();
        if (command.target() != null && !command.target().matches(ID)) {
            problems.add(SPEC.id() + " target '" + command.target() + "' is not a GuardDuty finding id");
        }
        Object detector = command.params().get("detectorId");
        if (detector != null && !String.valueOf(detector).matches(ID)) {
            problems.add(SPEC.id() + " detectorId '" + detector + "' is not a GuardDuty detector id");
        }
        return problems;
    }

    @Override
    public List<AwsRequest> plan(ActionContext ctx) {
        String finding = finding(ctx);
        String detector = detector(ctx);
        return List.of(get(detector, finding), archive(detector, finding));
    }

    @Override
    public ExecutionResult execute(ActionContext ctx) {
        String finding = finding(ctx);
        String detector = detector(ctx);
        return Execution.execute(Set.of(), exec -> {
            AwsJsonClient guardduty = clients.json("guardduty", ctx);
            AwsRequest read = get(detector, finding);
            JsonNode found = exec.readJson(read, () -> guardduty.call(GET_FINDINGS, read.parameters()))
                    .body()
                    .path("findings");
            if (found.isEmpty()) {
                return exec.skipped("GuardDuty finding " + finding + " no longer exists in detector " + detector);
            }
            if (found.get(0).path("service").path("archived").asBoolean(false)) {
                return exec.succeeded(); // already archived
            }
            AwsRequest change = archive(detector, finding);
            exec.changeJson(change, Set.of(), () -> guardduty.call(ARCHIVE_FINDINGS, change.parameters()));
            return exec.succeeded();
        });
    }

    static AwsRequest get(String detector, String finding) {
        return request("guardduty", "GetFindings", "detectorId", detector, "findingIds", List.of(finding));
    }

    static AwsRequest archive(String detector, String finding) {
        return request("guardduty", "ArchiveFindings", "detectorId", detector, "findingIds", List.of(finding));
    }

    /** The target, else the id of the GuardDuty finding that is the event. */
    static String finding(ActionContext ctx) {
        if (ctx.target() != null && !ctx.target().isBlank()) {
            return ctx.target();
        }
        SecurityEvent e = ctx.event();
        if (e != null && "guardduty".equals(e.source())) {
            return e.id();
        }
        throw new IllegalArgumentException(
                "guardduty:archive-finding needs a finding id: give a target, or emit it for a GuardDuty event");
    }

    static String detector(ActionContext ctx) {
        String d = ctx.param("detectorId", null);
        if (d == null && ctx.event() != null) {
            d = EventDetail.text(EventDetail.at(ctx.event().detail(), "service"), "detectorId");
        }
        if (d == null || d.isBlank()) {
            throw new IllegalArgumentException(
                    "guardduty:archive-finding cannot tell the GuardDuty detector: the event names"
                            + " none (service.detectorId); pass the detectorId parameter");
        }
        return d;
    }
}
