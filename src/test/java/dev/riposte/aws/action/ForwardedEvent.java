package dev.riposte.aws.action;

import dev.riposte.command.ActionCommand;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.EventReport;
import dev.riposte.fact.Events;
import java.util.Map;

/**
 * What the tests of the actions that pass an event on ({@code events:put-events}, {@code s3:put-object}) give them: a
 * command about the GuardDuty IAM finding in us-east-1, with its investigation report or none.
 */
public final class ForwardedEvent {
    private ForwardedEvent() {}

    public static ActionContext context(String action, Map<String, Object> params, EventReport report) {
        return new ActionContext(
                new ActionCommand(action, null, params),
                Events.withDetail("guardduty-iam-eventbridge.json"),
                Events.ACCOUNT,
                "us-east-1",
                report);
    }
}
