package dev.riposte.aws.action.sfn;

import static dev.riposte.aws.client.Requests.request;

import dev.riposte.aws.action.ArnScope;
import dev.riposte.aws.action.AwsHandler;
import dev.riposte.aws.action.EventPayload;
import dev.riposte.aws.action.SingleChange;
import dev.riposte.aws.action.SingleChangeAction;
import dev.riposte.aws.client.AwsClients;
import dev.riposte.command.ActionCommand;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.ActionSpec;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.ParamSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * {@code stepfunctions:start-execution}: start a state machine with the event as input ({@link EventPayload}) unless
 * {@code input} is given. The execution name is derived from (event, action, target, state machine), so a retry or a
 * redelivered event meets {@code ExecutionAlreadyExists} (or Step Functions' own idempotent reply) and counts as done.
 * Public: wiring outside CDI constructs it.
 */
@ApplicationScoped
public class StartExecution extends AwsHandler implements SingleChangeAction {
    static final Set<String> ALREADY_STARTED = Set.of("ExecutionAlreadyExists");
    private static final ActionSpec SPEC = ActionSpec.builder("stepfunctions:start-execution")
            .description(
                    "Start a Step Functions state machine with the event as JSON input; the execution name comes from the event,"
                            + " so the same event starts it once")
            .params(
                    ParamSpec.required("stateMachineArn", ParamSpec.Type.STRING, "state machine ARN"),
                    ParamSpec.optional("input", ParamSpec.Type.STRING, "JSON input instead of the event document"),
                    ParamSpec.optional("reason", ParamSpec.Type.STRING, "why, for the audit log"))
            .permissions("states:StartExecution")
            .build();

    @Inject
    public StartExecution(AwsClients clients) {
        super(SPEC, clients);
    }

    @Override
    public ActionCommand example() {
        return ActionCommand.of(SPEC.id(), "i-0123456789abcdef0")
                .with("stateMachineArn", "arn:aws:states:us-east-1:111122223333:stateMachine:contain-instance");
    }

    @Override
    public List<String> check(ActionCommand command) {
        Object arn = command.params().get("stateMachineArn");
        return String.valueOf(arn).matches("arn:aws[a-z-]*:states:[a-z0-9-]+:\\d{12}:stateMachine:[\\w.-]{1,80}")
                ? List.of()
                : List.of(SPEC.id() + " stateMachineArn '" + arn + "' is not a state machine ARN");
    }

    @Override
    public SingleChange change(ActionContext ctx) {
        String machine = ctx.param("stateMachineArn", null);
        String name = name(ctx);
        String input = input(ctx);
        ActionContext where = ArnScope.of(ctx, machine);
        return new SingleChange(
                start(machine, name, input),
                ALREADY_STARTED,
                dryRun -> clients.client("sfn", where, SfnClient::builder)
                        .startExecution(
                                b -> b.stateMachineArn(machine).name(name).input(input)));
    }

    private static String input(ActionContext ctx) {
        return ctx.param("input", null) != null ? ctx.param("input", null) : EventPayload.json(ctx);
    }

    /**
     * {@code riposte-<event id>-<hash>}: readable in the console, unique per (event, action, target, machine), within
     * Step Functions' 80 characters of {@code [A-Za-z0-9_-]}.
     */
    static String name(ActionContext ctx) {
        String eventId = ctx.event() == null ? "manual" : ctx.event().id();
        String key =
                eventId + "|" + ctx.command().action() + "|" + ctx.target() + "|" + ctx.param("stateMachineArn", "");
        String readable = eventId.replaceAll("[^A-Za-z0-9_-]", "");
        if (readable.length() > 48) {
            readable = readable.substring(0, 48);
        }
        return "riposte-" + readable + "-" + sha256(key).substring(0, 16);
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static AwsRequest start(String machine, String name, String input) {
        return request("sfn", "StartExecution", "stateMachineArn", machine, "name", name, "input", input);
    }
}
