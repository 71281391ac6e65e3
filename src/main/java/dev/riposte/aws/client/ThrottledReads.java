package dev.riposte.aws.client;

import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.Throttle;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Rate limits on investigation reads: every SDK call made inside {@link #during} takes a token from the same
 * (account, region, operation) bucket as the actions' calls. Installed on every client {@link AwsClients} builds (an
 * interceptor of the SDK clients, a hook of the JSON-protocol client); it
 * does nothing elsewhere, because the dispatcher has already taken the tokens of an action's whole plan before the
 * action runs. A read that cannot have its token within the maximum wait fails like any other failed read: the
 * investigation reports it incomplete. Public: the investigation and the tag reader run their reads in {@link #during}.
 */
public final class ThrottledReads implements ExecutionInterceptor {
    private static final ThreadLocal<Throttle> CURRENT = new ThreadLocal<>();
    private final String service;
    private final String account;
    private final String region;

    ThrottledReads(String service, String account, String region) {
        this.service = service;
        this.account = account;
        this.region = region;
    }

    /** Runs {@code reads} with its AWS calls limited by {@code throttle}. */
    public static <T> T during(Throttle throttle, Callable<T> reads) throws Exception {
        Throttle outer = CURRENT.get();
        CURRENT.set(throttle);
        try {
            return reads.call();
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    /** True when {@code e} (or a cause) is this class's refusal: the read had no token in time. */
    public static boolean isRateLimited(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof Refused) {
                return true;
            }
        }
        return false;
    }

    /** The cause of a refusal, so callers tell it by type (the SDK and the JSON client pass it on as the cause). */
    private static final class Refused extends RuntimeException {
        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        check(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    }

    /** Takes the token of {@code operation} when called inside {@link #during}; throws when there is none in time. */
    void check(String operation) {
        Throttle throttle = CURRENT.get();
        if (throttle == null) {
            return;
        }
        Throttle.Permit p =
                throttle.acquire(null, account, region, List.of(new AwsRequest(service, operation, Map.of())));
        if (!p.granted()) {
            throw SdkClientException.create("rate-limited: " + p.reason(), new Refused(p.reason()));
        }
    }
}
