package dev.riposte.aws.action.lambda;

import static dev.riposte.aws.client.Requests.request;

import dev.riposte.aws.action.ArnScope;
import dev.riposte.aws.action.AwsHandler;
import dev.riposte.aws.action.Execution;
import dev.riposte.aws.action.Target;
import dev.riposte.aws.client.AwsClients;
import dev.riposte.aws.document.PolicyStatements;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.ActionSpec;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.ExecutionResult;
import dev.riposte.dispatch.ParamSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetPolicyResponse;

/**
 * {@code lambda:remove-public-permission}: remove the statements of a function's resource policy that let anyone invoke
 * it ({@link PolicyStatements#isPublic}, function URLs with AuthType NONE included), one RemovePermission per statement.
 * No policy, no public statement, or a statement removed meanwhile all mean the wanted state.
 * Public: wiring outside CDI constructs it.
 */
@ApplicationScoped
public class RemovePublicPermission extends AwsHandler {
    static final String NOT_FOUND = "ResourceNotFoundException";
    /** No "gone" codes: Lambda's one code for a missing function also means "no policy" (see {@link #execute}). */
    static final Target FUNCTION = new Target(
            "arn:aws:lambda:us-east-1:111122223333:function:app",
            (action, target) -> LambdaAccess.checkFunction(action, "target", target),
            Set.of());

    private static final ActionSpec SPEC = ActionSpec.builder("lambda:remove-public-permission")
            .description(
                    "Remove the statements of a Lambda function's resource policy that allow Principal \"*\" without a condition"
                            + " narrowing the caller (source account/ARN, organization)")
            .targetType("AWS::Lambda::Function")
            .params(
                    ParamSpec.optional(
                            "qualifier",
                            ParamSpec.Type.STRING,
                            "version or alias whose policy to clean (default: the unqualified function)"),
                    ParamSpec.optional("reason", ParamSpec.Type.STRING, "why, for the audit log"))
            .permissions("lambda:GetPolicy", "lambda:RemovePermission")
            .build();

    @Inject
    public RemovePublicPermission(AwsClients clients) {
        super(SPEC, FUNCTION, clients);
    }

    /** Which statements are public is only known once the policy is read, so they show as a placeholder. */
    @Override
    public List<AwsRequest> plan(ActionContext ctx) {
        String qualifier = ctx.param("qualifier", null);
        return List.of(
                getPolicy(ctx.target(), qualifier),
                removePermission(ctx.target(), "<each statement open to everyone>", qualifier));
    }

    @Override
    public ExecutionResult execute(ActionContext ctx) {
        String function = ctx.target();
        String qualifier = ctx.param("qualifier", null);
        ActionContext where = ArnScope.of(ctx, function);
        return Execution.execute(Set.of(), exec -> {
            LambdaClient lambda = clients.client("lambda", where, LambdaClient::builder);
            GetPolicyResponse current;
            try {
                current = exec.read(
                        getPolicy(function, qualifier),
                        () -> lambda.getPolicy(b -> b.functionName(function).qualifier(qualifier)));
            } catch (AwsServiceException e) {
                if (e.awsErrorDetails() != null
                        && NOT_FOUND.equals(e.awsErrorDetails().errorCode())) {
                    // Lambda answers the same code for "no such function" and "function has no policy"
                    String message = String.valueOf(e.awsErrorDetails().errorMessage());
                    return message.startsWith("Function not found")
                            ? exec.skipped(NOT_FOUND + ": " + message)
                            : exec.succeeded();
                }
                throw e;
            }
            for (Map<String, Object> statement :
                    PolicyStatements.statements(PolicyStatements.parse(current.policy()))) {
                if (PolicyStatements.isPublic(statement) && statement.get("Sid") != null) {
                    String sid = String.valueOf(statement.get("Sid"));
                    exec.change(
                            removePermission(function, sid, qualifier),
                            Set.of(NOT_FOUND),
                            () -> lambda.removePermission(b ->
                                    b.functionName(function).statementId(sid).qualifier(qualifier)));
                }
            }
            return exec.succeeded();
        });
    }

    static AwsRequest getPolicy(String function, String qualifier) {
        return request("lambda", "GetPolicy", "FunctionName", function, "Qualifier", qualifier);
    }

    static AwsRequest removePermission(String function, String sid, String qualifier) {
        return request(
                "lambda", "RemovePermission", "FunctionName", function, "StatementId", sid, "Qualifier", qualifier);
    }
}
