package dev.riposte.aws.investigate;

import dev.riposte.aws.client.AwsErrors;
import dev.riposte.aws.client.ThrottledReads;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * What the report and the service log say when an investigation step (or a part of it) cannot run: one line with
 * the cause and the fix, and a WARN the first time a cause is seen. A cause is what an operator fixes once: no
 * credentials, or one step's missing permission; not each message, since AWS's denials name the resource and the
 * SDK's credential-chain failure is 1.5 kB of provider names.
 */
final class StepFailures {
    private static final Logger LOG = Logger.getLogger(AwsInvestigator.class.getName());
    /** Longest AWS or exception message kept in a line: the cause, not a dump. */
    static final int MESSAGE_CHARS = 300;

    static final String TRIAL = "or set riposte.investigate.enabled=false for a trial";
    /** The error codes of a denied read: IAM, S3, STS ({@code AccessDenied}), JSON services, EC2. */
    private static final Pattern DENIED =
            Pattern.compile("\\b(AccessDenied|AccessDeniedException|UnauthorizedOperation|UnauthorizedAccess)\\b");

    /** Causes warned about so far; bounded so that a stream of new causes cannot grow it without end. */
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    /** A whole step failed: its line, warned about once per cause. */
    String failed(InvestigationStep step, Throwable e) {
        String line = describe(e, step.permissions());
        warnOnce(kind(step, e), step.name() + " cannot run", line);
        return line;
    }

    /**
     * Where a step tells a part it could not read ({@code Operation: Code: message}): a denied part gets the fix
     * and is warned about once per step and code; other parts are passed on as they are.
     */
    Consumer<String> parts(InvestigationStep step, Consumer<String> problems) {
        return problem -> {
            Matcher denied = DENIED.matcher(problem);
            if (!denied.find()) {
                problems.accept(cut(problem));
                return;
            }
            String line = cut(problem) + "; " + grant(needed(problem, step.permissions()));
            warnOnce(step.name() + " " + denied.group(1), step.name() + " could not read a part", line);
            problems.accept(line);
        };
    }

    /** The cause and, for a missing permission or missing credentials, the fix; else the exception's first line. */
    static String describe(Throwable e, List<String> permissions) {
        if (e instanceof AwsServiceException a) {
            String code = AwsErrors.code(a);
            String d = code + ": "
                    + cut(AwsErrors.firstLine(
                            a.awsErrorDetails() == null
                                    ? a.getMessage()
                                    : a.awsErrorDetails().errorMessage()));
            return a.statusCode() == 403 || DENIED.matcher(code).find() ? d + "; " + grant(permissions) : d;
        }
        if (e == null) {
            return "unknown failure";
        }
        String message = String.valueOf(e.getMessage());
        if (noCredentials(e)) {
            return "no AWS credentials: the SDK's default chain found none; fix: give the service a role or"
                    + " credentials (task role, AWS_PROFILE, AWS_ACCESS_KEY_ID), " + TRIAL;
        }
        return e.getClass().getSimpleName() + ": " + cut(AwsErrors.firstLine(message));
    }

    /** The permission of the part's operation ({@code GetBucketPolicyStatus: ...}) when the step names it; else all. */
    static List<String> needed(String problem, List<String> permissions) {
        String operation = problem.split("[:( ]", 2)[0];
        List<String> named = permissions.stream()
                .filter(p -> p.substring(p.indexOf(':') + 1).equals(operation))
                .toList();
        return named.isEmpty() ? permissions : named;
    }

    private static String grant(List<String> permissions) {
        return "fix: allow the role " + (permissions.isEmpty() ? "the step's reads" : String.join(", ", permissions))
                + " (riposte iam-policy prints them, statement RiposteReads), " + TRIAL;
    }

    private static boolean noCredentials(Throwable e) {
        return e instanceof SdkClientException
                && String.valueOf(e.getMessage()).startsWith("Unable to load credentials");
    }

    private static String kind(InvestigationStep step, Throwable e) {
        if (e == null) {
            return step.name();
        }
        if (noCredentials(e)) {
            return "no credentials"; // every step, one fix
        }
        if (ThrottledReads.isRateLimited(e)) {
            return "rate-limited";
        }
        return step.name() + " "
                + (e instanceof AwsServiceException a
                        ? AwsErrors.code(a)
                        : e.getClass().getName());
    }

    private void warnOnce(String kind, String what, String line) {
        if (warned.size() < 1000 && warned.add(kind)) {
            LOG.warning(() -> "investigation step " + what + ": " + line
                    + " (logged once per cause; the reports name every failed step)");
        }
    }

    static String cut(String s) {
        return s.length() > MESSAGE_CHARS ? s.substring(0, MESSAGE_CHARS) + "..." : s;
    }
}
