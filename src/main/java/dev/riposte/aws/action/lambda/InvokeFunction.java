package dev.riposte.aws.action.lambda;

import static dev.riposte.aws.client.Requests.request;

import dev.riposte.aws.action.ArnScope;
import dev.riposte.aws.action.AwsHandler;
import dev.riposte.aws.action.EventPayload;
import dev.riposte.aws.action.Execution;
import dev.riposte.aws.client.AwsClients;
import dev.riposte.command.ActionCommand;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.ActionSpec;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.ExecutionResult;
import dev.riposte.dispatch.ParamSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * {@code lambda:invoke}: hand the event to a function of your own ({@link EventPayload}), asynchronously by default.
 * Counted as mutating: Riposte cannot know what the function changes. A synchronous call whose function throws fails.
 * Public: wiring outside CDI constructs it.
 */
@ApplicationScoped
public class InvokeFunction extends AwsHandler {
    static final List<String> TYPES = List.of("Event", "RequestResponse");
    private static final ActionSpec SPEC = ActionSpec.builder("lambda:invoke")
            .description(
                    "Invoke a Lambda function with the action, target and event as JSON payload (asynchronously unless"
                            + " invocationType is RequestResponse)")
            .params(
                    ParamSpec.required("functionName", ParamSpec.Type.STRING, "function name or ARN"),
                    ParamSpec.optional(
                            "invocationType",
                            ParamSpec.Type.STRING,
                            "Event (default, asynchronous) or RequestResponse (waits; a function error fails the action)"),
                    ParamSpec.optional("reason", ParamSpec.Type.STRING, "why, for the audit log"))
            .permissions("lambda:InvokeFunction")
            .build();

    @Inject
    public InvokeFunction(AwsClients clients) {
        super(SPEC, clients);
    }

    @Override
    public ActionCommand example() {
        return ActionCommand.of(SPEC.id(), "i-0123456789abcdef0")
                .with("functionName", "arn:aws:lambda:us-east-1:111122223333:function:respond");
    }

    @Override
    public List<String> check(ActionCommand command) {
        List<String> problems = new ArrayList<>(LambdaAccess.checkFunction(
                SPEC.id(), "functionName", String.valueOf(command.params().get("functionName"))));
        Object type = command.params().get("invocationType");
        if (type != null && !TYPES.contains(String.valueOf(type))) {
            problems.add(SPEC.id() + " invocationType '" + type + "' is not one of " + String.join(", ", TYPES));
        }
        return problems;
    }

    @Override
    public List<AwsRequest> plan(ActionContext ctx) {
        return List.of(invoke(ctx.param("functionName", null), type(ctx), EventPayload.json(ctx)));
    }

    @Override
    public ExecutionResult execute(ActionContext ctx) {
        String function = ctx.param("functionName", null);
        String type = type(ctx);
        String payload = EventPayload.json(ctx);
        ActionContext where = ArnScope.of(ctx, function);
        return Execution.execute(Set.of(), exec -> {
            Optional<InvokeResponse> r = exec.change(
                    invoke(function, type, payload),
                    Set.of(),
                    () -> clients.client("lambda", where, LambdaClient::builder)
                            .invoke(b -> b.functionName(function)
                                    .invocationType(type)
                                    .payload(SdkBytes.fromUtf8String(payload))));
            if (r.isPresent() && r.get().functionError() != null) {
                String out = r.get().payload() == null ? "" : r.get().payload().asUtf8String();
                ExecutionResult sent = exec.succeeded();
                return new ExecutionResult(
                        Outcome.FAILED,
                        sent.requests(),
                        sent.awsRequestId(),
                        "function error (" + r.get().functionError() + "): "
                                + (out.length() > 500 ? out.substring(0, 500) : out));
            }
            return exec.succeeded();
        });
    }

    private static String type(ActionContext ctx) {
        return ctx.param("invocationType", "Event");
    }

    static AwsRequest invoke(String function, String type, String payload) {
        return request("lambda", "Invoke", "FunctionName", function, "InvocationType", type, "Payload", payload);
    }
}
