package dev.riposte.guard;

import dev.riposte.fact.SecurityEvent;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What caused a command, for the cooldown: the event, by its id (a GuardDuty or Security Hub finding keeps its id when
 * it is updated; a CloudTrail call is its eventID). A GuardDuty finding that also arrives through Security Hub (ASFF,
 * whose {@code Id} is the finding's ARN) is the same cause as the finding itself. A new event, even about the same
 * resource, is a new cause: whatever it asks for is carried out again.
 */
final class Cause {
    private static final Pattern GUARDDUTY_FINDING =
            Pattern.compile("arn:aws[a-z-]*:guardduty:[^:]*:\\d{12}:detector/[^/]+/finding/([^/]+)");

    private Cause() {}

    /** The cause of a command for {@code event}; "" for a command without an event. */
    static String of(SecurityEvent event) {
        if (event == null) {
            return "";
        }
        Matcher m = GUARDDUTY_FINDING.matcher(event.id());
        return m.matches() ? m.group(1) : event.id();
    }

    /** How an audit reason names the cause. */
    static String describe(SecurityEvent event) {
        if (event == null) {
            return "without an event";
        }
        String cause = of(event);
        return cause.equals(event.id()) ? "for the same event " + cause : "for the same GuardDuty finding " + cause;
    }
}
