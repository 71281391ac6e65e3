package dev.riposte.aws.dynamodb;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Watches every call of the state backend's DynamoDB client (after the SDK's retries): a failed condition is an answer,
 * anything else means the shared state is not there, and everything that needs it decides nothing (commands deferred,
 * SQS messages left on the queue, POST /events answered 503 once the lease lapses). Says so once per kind and minute in
 * a WARN, says when it is back, and counts: {@code riposte_state_errors_total{operation,kind}} (kind {@code throttled},
 * {@code unreachable}, {@code error}) and {@code riposte_state_available} (1 while the last call reached the table).
 * Public: the wiring builds it with the client.
 */
public final class StateHealth implements ExecutionInterceptor {
    private static final Logger LOG = Logger.getLogger(StateHealth.class);
    private static final long WARN_EVERY_NANOS = Duration.ofMinutes(1).toNanos();

    private final String table;
    private final MeterRegistry registry;
    private final AtomicBoolean available = new AtomicBoolean(true);
    private final Map<String, AtomicLong> lastWarn = new ConcurrentHashMap<>();

    /** @param registry where the metrics go; null for none */
    public StateHealth(String table, MeterRegistry registry) {
        this.table = table;
        this.registry = registry;
        if (registry != null) {
            Gauge.builder("riposte.state.available", available, a -> a.get() ? 1 : 0)
                    .description("1 while the last call to the shared state (DynamoDB) reached it, 0 while it fails")
                    .register(registry);
            for (String kind : new String[] {"throttled", "unreachable", "error"}) {
                errors("none", kind);
            }
        }
    }

    public boolean available() {
        return available.get();
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (available.compareAndSet(false, true)) {
            LOG.infof("DynamoDB table %s reachable again: deciding with the shared state again", table);
        }
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        Throwable e = context.exception();
        String kind = kind(e);
        if (kind == null) {
            available.set(true); // the table answered: someone else came first
            return;
        }
        available.set(false);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        errors(operation == null ? "unknown" : operation, kind);
        long now = System.nanoTime();
        AtomicLong last = lastWarn.computeIfAbsent(kind, k -> new AtomicLong(now - WARN_EVERY_NANOS));
        long before = last.get();
        if (now - before >= WARN_EVERY_NANOS && last.compareAndSet(before, now)) {
            LOG.warnf(
                    "DynamoDB table %s %s (%s, after the SDK's retries): %s; deciding nothing without the shared state:"
                            + " commands are deferred, SQS messages stay on the queue, the rules lease lapses",
                    table,
                    "throttled".equals(kind) ? "throttled" : "unreachable".equals(kind) ? "unreachable" : "failed",
                    operation,
                    firstLine(e));
        }
    }

    /** Null when the table answered (a condition that did not hold); else what went wrong. */
    static String kind(Throwable e) {
        if (e instanceof ConditionalCheckFailedException) {
            return null;
        }
        if (e instanceof TransactionCanceledException t
                && t.hasCancellationReasons()
                && t.cancellationReasons().stream()
                        .allMatch(r -> r.code() == null
                                || "None".equals(r.code())
                                || "ConditionalCheckFailed".equals(r.code()))) {
            return null;
        }
        if (e instanceof DynamoDbException d) {
            if (d instanceof ProvisionedThroughputExceededException
                    || d instanceof RequestLimitExceededException
                    || d.isThrottlingException()
                    || "ProvisionedThroughputExceededException".equals(code(d))
                    || "RequestLimitExceeded".equals(code(d))
                    || "ThrottlingException".equals(code(d))) {
                return "throttled";
            }
            if (e instanceof TransactionCanceledException t
                    && t.hasCancellationReasons()
                    && t.cancellationReasons().stream().anyMatch(r -> "ThrottlingError".equals(r.code()))) {
                return "throttled";
            }
            return "error";
        }
        return e instanceof SdkClientException ? "unreachable" : "error";
    }

    private static String code(DynamoDbException d) {
        return d.awsErrorDetails() == null ? null : d.awsErrorDetails().errorCode();
    }

    private void errors(String operation, String kind) {
        if (registry != null) {
            Counter.builder("riposte.state.errors")
                    .description("calls to the shared state (DynamoDB) that failed after retries")
                    .tag("operation", operation)
                    .tag("kind", kind)
                    .register(registry)
                    .increment(operation.equals("none") ? 0 : 1);
        }
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null
                ? e.getClass().getSimpleName()
                : e.getMessage().strip();
        return m.lines().findFirst().orElse(m);
    }
}
