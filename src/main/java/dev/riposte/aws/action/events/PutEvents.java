package dev.riposte.aws.action.events;

import static dev.riposte.aws.client.Requests.request;

import dev.riposte.aws.action.ArnScope;
import dev.riposte.aws.action.AwsHandler;
import dev.riposte.aws.action.Execution;
import dev.riposte.aws.action.ReportDocument;
import dev.riposte.aws.client.AwsClients;
import dev.riposte.aws.client.Requests;
import dev.riposte.command.ActionCommand;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.ActionSpec;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.ExecutionResult;
import dev.riposte.dispatch.ParamSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * {@code events:put-events}: forward the event and its investigation report to an EventBridge event bus, typically a
 * central security account's (its resource policy must let Riposte's account put events). The bus is Riposte's
 * destination, not the event's account: it is called with Riposte's own credentials in the bus's region. PutEvents
 * answers 200 even when it rejected the entry: a failed entry is a failed action. Not mutating.
 * Public: wiring outside CDI constructs it.
 */
@ApplicationScoped
public class PutEvents extends AwsHandler {
    static final String DEFAULT_SOURCE = "riposte";
    static final String DEFAULT_DETAIL_TYPE = "Riposte Investigation Report";
    /** PutEvents takes 256 KB per request; leave room for the entry's other fields. */
    static final int MAX_DETAIL_BYTES = 256 * 1024 - 2048;

    private static final Pattern BUS =
            Pattern.compile("arn:aws[a-z-]*:events:[a-z0-9-]+:\\d{12}:event-bus/[\\w.\\-/]{1,256}");
    private static final ActionSpec SPEC = ActionSpec.builder("events:put-events")
            .description(
                    "Forward the event and its investigation report (Detail = {event, report}) to an EventBridge event bus,"
                            + " e.g. a central security account's, with Riposte's own credentials")
            .params(
                    ParamSpec.required(
                            "eventBusArn",
                            ParamSpec.Type.STRING,
                            "ARN of the destination bus (arn:aws:events:REGION:ACCOUNT:event-bus/NAME)"),
                    ParamSpec.optional(
                            "source",
                            ParamSpec.Type.STRING,
                            "the entry's Source (default riposte; must not start with aws.)"),
                    ParamSpec.optional(
                            "detailType",
                            ParamSpec.Type.STRING,
                            "the entry's DetailType (default \"Riposte Investigation Report\")"))
            .permissions("events:PutEvents")
            .mutating(false)
            .build();

    @Inject
    public PutEvents(AwsClients clients) {
        super(SPEC, clients);
    }

    @Override
    public ActionCommand example() {
        return ActionCommand.of(SPEC.id(), null)
                .with("eventBusArn", "arn:aws:events:us-east-1:111122223333:event-bus/security");
    }

    @Override
    public boolean carriesReport() {
        return true;
    }

    @Override
    public List<String> check(ActionCommand command) {
        List<String> problems = new ArrayList<>();
        Object bus = command.params().get("eventBusArn");
        if (bus == null || !BUS.matcher(String.valueOf(bus)).matches()) {
            problems.add(SPEC.id() + " eventBusArn '" + bus
                    + "' is not an event bus ARN (arn:aws:events:REGION:ACCOUNT:event-bus/NAME)");
        }
        Object source = command.params().get("source");
        if (source != null
                && (String.valueOf(source).startsWith("aws.")
                        || String.valueOf(source).isBlank()
                        || String.valueOf(source).length() > 256)) {
            problems.add(SPEC.id() + " source '" + source
                    + "' must be 1-256 characters and not start with aws. (reserved for AWS)");
        }
        Object type = command.params().get("detailType");
        if (type != null
                && (String.valueOf(type).isBlank() || String.valueOf(type).length() > 128)) {
            problems.add(SPEC.id() + " detailType must be 1-128 characters");
        }
        return problems;
    }

    @Override
    public List<AwsRequest> plan(ActionContext ctx) {
        return List.of(put(ctx, ReportDocument.json(ctx, MAX_DETAIL_BYTES)));
    }

    @Override
    public ExecutionResult execute(ActionContext ctx) {
        String bus = ctx.param("eventBusArn", null);
        String detail = ReportDocument.json(ctx, MAX_DETAIL_BYTES);
        ActionContext home = ArnScope.own(ctx, bus.split(":")[3]);
        return Execution.execute(Set.of(), exec -> {
            PutEventsResponse r = exec.change(
                            put(ctx, detail),
                            Set.of(),
                            () -> clients.client("events", home, EventBridgeClient::builder)
                                    .putEvents(b -> b.entries(e -> e.eventBusName(bus)
                                            .source(source(ctx))
                                            .detailType(detailType(ctx))
                                            .resources(resources(ctx))
                                            .detail(detail))))
                    .orElseThrow();
            if (r.failedEntryCount() != null && r.failedEntryCount() > 0) {
                PutEventsResultEntry failed = r.entries().stream()
                        .filter(e -> e.errorCode() != null)
                        .findFirst()
                        .orElse(null);
                throw new IllegalStateException("PutEvents rejected the entry: "
                        + (failed == null ? "no reason given" : failed.errorCode() + ": " + failed.errorMessage()));
            }
            return exec.succeeded();
        });
    }

    private static String source(ActionContext ctx) {
        return ctx.param("source", DEFAULT_SOURCE);
    }

    private static String detailType(ActionContext ctx) {
        return ctx.param("detailType", DEFAULT_DETAIL_TYPE);
    }

    /** The target when it is an ARN (EventBridge takes only ARNs as an entry's resources). */
    private static List<String> resources(ActionContext ctx) {
        return ctx.target() != null && ctx.target().startsWith("arn:") ? List.of(ctx.target()) : List.of();
    }

    static AwsRequest put(ActionContext ctx, String detail) {
        return request(
                "events",
                "PutEvents",
                "Entries",
                List.of(Requests.params(
                        "EventBusName", ctx.param("eventBusArn", null),
                        "Source", source(ctx),
                        "DetailType", detailType(ctx),
                        "Resources", resources(ctx),
                        "Detail", ReportDocument.digest(detail))));
    }
}
