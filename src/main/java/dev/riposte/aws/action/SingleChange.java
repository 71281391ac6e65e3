package dev.riposte.aws.action;

import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.ExecutionResult;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.awscore.AwsResponse;

/**
 * An action's one AWS call, as planned ({@code request}) and as sent ({@code call}), built side by side so the plan
 * is what goes out. Public: built by the {@link SingleChangeAction}s of every service package.
 *
 * @param alreadyDone AWS error codes meaning the change is already made (success)
 * @param call        sends it, given the flag for the SDK request's {@code dryRun(...)} (see
 *                    {@link Execution#dryRunFlag()}); APIs without DryRun ignore it
 */
public record SingleChange(AwsRequest request, Set<String> alreadyDone, Function<Boolean, ? extends AwsResponse> call) {

    public SingleChange(AwsRequest request, Function<Boolean, ? extends AwsResponse> call) {
        this(request, Set.of(), call);
    }

    /** Send it once; "already done" is success, any other AWS error is {@link Execution}'s to handle. */
    ExecutionResult send(Execution exec) {
        exec.change(request, alreadyDone, () -> call.apply(exec.dryRunFlag()));
        return exec.succeeded();
    }
}
