package dev.riposte.aws.action.sns;

import static dev.riposte.aws.client.Requests.request;

import dev.riposte.aws.action.ArnScope;
import dev.riposte.aws.action.AwsHandler;
import dev.riposte.aws.action.SingleChange;
import dev.riposte.aws.action.SingleChangeAction;
import dev.riposte.aws.client.AwsClients;
import dev.riposte.command.ActionCommand;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.ActionSpec;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.EventReport;
import dev.riposte.dispatch.ParamSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * {@code sns:publish}: send a notification to an SNS topic. The topic is the responder's own, not the event account's,
 * so it is published with Riposte's own credentials (no assumed role) in the topic's region. Not mutating.
 * Public: wiring outside CDI constructs it.
 */
@ApplicationScoped
public class Publish extends AwsHandler implements SingleChangeAction {
    private static final String TOPIC = "arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[\\w-]{1,256}(\\.fifo)?";
    /** SNS's limit is 256 KB for the whole message: leave room for the subject and the request's other parts. */
    static final int MAX_MESSAGE_BYTES = 256 * 1024 - 1024;

    private static final ActionSpec SPEC = ActionSpec.builder("sns:publish")
            .description(
                    "Publish a message (with the event's id, type, account and region, and its investigation report: key facts,"
                            + " where the full report is, then the Markdown report, cut to "
                            + "SNS's 256 KB) to an SNS topic, with Riposte's own credentials")
            .params(
                    ParamSpec.required("topicArn", ParamSpec.Type.STRING, "topic ARN"),
                    ParamSpec.required("message", ParamSpec.Type.STRING, "what to say"),
                    ParamSpec.optional("subject", ParamSpec.Type.STRING, "e-mail subject, up to 100 characters"))
            .permissions("sns:Publish")
            .mutating(false)
            .build();

    @Inject
    public Publish(AwsClients clients) {
        super(SPEC, clients);
    }

    @Override
    public ActionCommand example() {
        return ActionCommand.of(SPEC.id(), null)
                .with("topicArn", "arn:aws:sns:us-east-1:111122223333:security-alerts")
                .with("message", "instance isolated")
                .with("subject", "Riposte");
    }

    @Override
    public boolean carriesReport() {
        return true;
    }

    @Override
    public List<String> check(ActionCommand command) {
        List<String> problems = new ArrayList<>();
        Object topic = command.params().get("topicArn");
        if (!String.valueOf(topic).matches(TOPIC)) {
            problems.add(SPEC.id() + " topicArn '" + topic + "' is not an SNS topic ARN");
        }
        Object subject = command.params().get("subject");
        if (subject != null
                && (String.valueOf(subject).length() > 100
                        || String.valueOf(subject).contains("\n"))) {
            problems.add(SPEC.id() + " subject must be one line of at most 100 characters");
        }
        return problems;
    }

    @Override
    public SingleChange change(ActionContext ctx) {
        String topic = ctx.param("topicArn", null);
        String message = message(ctx);
        String subject = ctx.param("subject", null);
        return new SingleChange(
                publish(topic, message, subject),
                dryRun -> clients.client("sns", ArnScope.own(ctx, topic.split(":")[3]), SnsClient::builder)
                        .publish(b -> b.topicArn(topic).message(message).subject(subject)));
    }

    static String message(ActionContext ctx) {
        String opening = EventReport.opening(ctx, "\n\n").toString();
        EventReport r = ctx.report();
        if (r == null) {
            return opening;
        }
        String full = String.join(
                "\n\n",
                opening,
                r.summary(),
                "Full report: " + r.markdownPath() + " (JSON: " + r.jsonPath() + ")",
                r.markdown());
        return EventReport.fit(
                full,
                MAX_MESSAGE_BYTES,
                "\n\n[report cut to fit SNS's 256 KB message limit; full report: " + r.markdownPath() + "]");
    }

    static AwsRequest publish(String topic, String message, String subject) {
        return request("sns", "Publish", "TopicArn", topic, "Message", message, "Subject", subject);
    }
}
