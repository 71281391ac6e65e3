package dev.riposte.aws.action;

import static dev.riposte.aws.client.AwsErrors.code;
import static dev.riposte.aws.client.AwsErrors.describe;
import static dev.riposte.aws.client.AwsErrors.firstLine;

import dev.riposte.aws.json.JsonResponse;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.AwsDryRun;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.ExecutionResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.AwsResponse;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * One run of an action against AWS: it records every call as an {@link AwsRequest} (the same shape the plan
 * uses, so plan and execution compare), keeps AWS's last request id, and turns AWS errors into outcomes:
 * "already in that state" codes count as success, "no longer exists" codes as skipped, anything else as
 * failed with the error code and request id. With {@link #awsDryRun()} the same code path sends its changes
 * with {@code DryRun=true} and collects AWS's verdicts instead. Public: every {@code aws.action.<service>} handler runs on it.
 */
public final class Execution {
    static final String DRY_RUN_OPERATION = "DryRunOperation";

    private final boolean awsDryRun;
    private final List<AwsRequest> sent = new ArrayList<>();
    private final List<String> refusals = new ArrayList<>();
    private String firstRefusalCode;
    private String requestId;

    private Execution(boolean awsDryRun) {
        this.awsDryRun = awsDryRun;
    }

    /** Run {@code body} for real; {@code goneCodes} are the AWS error codes meaning the target no longer exists. */
    public static ExecutionResult execute(Set<String> goneCodes, Function<Execution, ExecutionResult> body) {
        Execution exec = new Execution(false);
        try {
            return body.apply(exec);
        } catch (AwsServiceException e) {
            String code = code(e);
            if (goneCodes.contains(code)) {
                return exec.skipped(describe(e));
            }
            return new ExecutionResult(Outcome.FAILED, exec.sent, e.requestId(), describe(e));
        } catch (SdkException e) {
            return ExecutionResult.failed("AWS call failed: " + firstLine(e.getMessage()), exec.sent);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // what AWS answered leaves nothing to do safely (no free rule number, no VPC): keep the calls made so far
            return new ExecutionResult(Outcome.FAILED, exec.sent, exec.requestId, firstLine(e.getMessage()));
        }
    }

    /** Run {@code body} with every change sent as {@code DryRun=true}, and report AWS's verdict. */
    public static AwsDryRun validate(Set<String> goneCodes, Function<Execution, ExecutionResult> body) {
        Execution exec = new Execution(true);
        try {
            ExecutionResult r = body.apply(exec);
            if (exec.firstRefusalCode != null) {
                return new AwsDryRun(
                        exec.firstRefusalCode, exec.sent, exec.requestId, String.join("; ", exec.refusals));
            }
            if (r.outcome() == Outcome.SKIPPED) {
                return new AwsDryRun("skipped", exec.sent, exec.requestId, r.error());
            }
            return new AwsDryRun(AwsDryRun.WOULD_SUCCEED, exec.sent, exec.requestId, null);
        } catch (AwsServiceException e) {
            String code = code(e);
            return new AwsDryRun(goneCodes.contains(code) ? "skipped" : code, exec.sent, e.requestId(), describe(e));
        }
    }

    /** True when changes go out as {@code DryRun=true}: build every mutating SDK request with {@code .dryRun(exec.awsDryRun())}. */
    public boolean awsDryRun() {
        return awsDryRun;
    }

    /** For the SDK request's {@code dryRun(...)}: true in DryRun mode, else null so live requests carry no DryRun at all. */
    public Boolean dryRunFlag() {
        return awsDryRun ? Boolean.TRUE : null;
    }

    /** A read, sent as it is in both modes; {@code shown} is the call as the audit log shows it. */
    public <R extends AwsResponse> R read(AwsRequest shown, Supplier<R> call) {
        sent.add(shown);
        return send(call);
    }

    /**
     * A change. Returns the response, or empty when AWS answered one of {@code alreadyDone} (the state is already
     * the wanted one) or, in DryRun mode, always (the verdict is recorded: {@code DryRunOperation} or a refusal).
     */
    public <R extends AwsResponse> Optional<R> change(AwsRequest shown, Set<String> alreadyDone, Supplier<R> call) {
        sent.add(awsDryRun ? withDryRun(shown) : shown);
        try {
            return Optional.of(send(call));
        } catch (AwsServiceException e) {
            String code = code(e);
            if (awsDryRun && DRY_RUN_OPERATION.equals(code)) {
                return Optional.empty();
            }
            if (alreadyDone.contains(code)) {
                return Optional.empty();
            }
            if (awsDryRun && !"RequestLimitExceeded".equals(code) && !"Throttling".equals(code)) {
                if (firstRefusalCode == null) {
                    firstRefusalCode = code;
                }
                refusals.add(shown.operation() + ": " + describe(e));
                return Optional.empty();
            }
            throw e;
        }
    }

    /** A read through the JSON client ({@code aws.json}), recorded and handled like {@link #read}. */
    public JsonResponse readJson(AwsRequest shown, Supplier<JsonResponse> call) {
        sent.add(shown);
        return send(call, JsonResponse::requestId);
    }

    /**
     * A change through the JSON client, handled like {@link #change}: empty when AWS answered one of {@code alreadyDone}.
     * The JSON APIs have no {@code DryRun}, so their handlers never run in DryRun mode.
     */
    public Optional<JsonResponse> changeJson(AwsRequest shown, Set<String> alreadyDone, Supplier<JsonResponse> call) {
        if (awsDryRun) {
            throw new IllegalStateException(shown.service() + " " + shown.operation() + " has no AWS DryRun");
        }
        sent.add(shown);
        try {
            return Optional.of(send(call, JsonResponse::requestId));
        } catch (AwsServiceException e) {
            if (alreadyDone.contains(code(e))) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** A result that failed for a reason AWS gave in a successful answer (a batch's unprocessed item), with the request id. */
    public ExecutionResult failed(String why) {
        return new ExecutionResult(Outcome.FAILED, sent, requestId, why);
    }

    public ExecutionResult succeeded() {
        return ExecutionResult.succeeded(sent, requestId);
    }

    public ExecutionResult skipped(String why) {
        return new ExecutionResult(Outcome.SKIPPED, sent, requestId, why);
    }

    private <R extends AwsResponse> R send(Supplier<R> call) {
        return send(call, r -> r.responseMetadata().requestId());
    }

    private <R> R send(Supplier<R> call, Function<R, String> requestIdOf) {
        try {
            R r = call.get();
            requestId = requestIdOf.apply(r);
            return r;
        } catch (AwsServiceException e) {
            requestId = e.requestId();
            throw e;
        }
    }

    private static AwsRequest withDryRun(AwsRequest r) {
        Map<String, Object> p = new LinkedHashMap<>(r.parameters());
        p.put("DryRun", true);
        return new AwsRequest(r.service(), r.operation(), Collections.unmodifiableMap(p));
    }
}
