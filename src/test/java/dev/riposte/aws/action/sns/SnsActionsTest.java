package dev.riposte.aws.action.sns;

import static dev.riposte.aws.client.AwsWire.iamError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.aws.client.AwsWire;
import dev.riposte.command.ActionCommand;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.EventReport;
import dev.riposte.dispatch.ExecutionResult;
import dev.riposte.fact.Events;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** sns:publish against a local SNS (query protocol, XML answers). */
class SnsActionsTest {
    private static final String TOPIC = "arn:aws:sns:eu-west-1:444455556666:security-alerts";
    private static final String OK =
            "<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><PublishResult>"
                    + "<MessageId>567910cd-659e-55d4-8ccb-5aaf14679dc0</MessageId></PublishResult><ResponseMetadata>"
                    + "<RequestId>req-Publish</RequestId></ResponseMetadata></PublishResponse>";

    private final AwsWire aws = new AwsWire("arn:aws:iam::{account}:role/RiposteResponder");
    private final Publish handler = new Publish(aws.clients());

    @AfterEach
    void stop() {
        aws.close();
    }

    private static ActionContext ctx(Map<String, Object> params) {
        return new ActionContext(
                new ActionCommand("sns:publish", "i-0abc1234def567890", params),
                Events.withDetail("guardduty-iam-eventbridge.json"),
                Events.ACCOUNT,
                "us-east-1");
    }

    @Test
    void publishesWithRipostesOwnCredentialsInTheTopicsRegion() {
        aws.ok("Publish", OK);
        ActionContext ctx =
                ctx(Map.of("topicArn", TOPIC, "message", "Tor traffic from an instance", "subject", "Riposte"));

        ExecutionResult r = handler.execute(ctx);

        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(r.awsRequestId()).isEqualTo("req-Publish");
        assertThat(r.requests()).isEqualTo(handler.plan(ctx));
        String message =
                "Tor traffic from an instance\n\nevent evt-0001 (guardduty UnauthorizedAccess:EC2/TorClient) account 111122223333"
                        + " region us-east-1\ntarget i-0abc1234def567890";
        // no AssumeRole call: only Publish reached the wire
        assertThat(aws.calls())
                .singleElement()
                .satisfies(c -> assertThat(c.params())
                        .isEqualTo(Map.of(
                                "Action",
                                "Publish",
                                "Version",
                                "2010-03-31",
                                "TopicArn",
                                TOPIC,
                                "Message",
                                message,
                                "Subject",
                                "Riposte")));
        assertThat(aws.headers("Authorization"))
                .singleElement()
                .asString()
                .contains("AKIDEXAMPLE/")
                .contains("/eu-west-1/sns/aws4_request");
        assertThat(handler.spec().mutating()).isFalse();
    }

    @Test
    void throttlingIsRetried() {
        aws.firstThen("Publish", 400, iamError("Throttling", "Rate exceeded"), OK);

        assertThat(handler.execute(ctx(Map.of("topicArn", TOPIC, "message", "m")))
                        .outcome())
                .isEqualTo(Outcome.SUCCEEDED);
        assertThat(aws.actions()).containsExactly("Publish", "Publish");
    }

    @Test
    void aMissingTopicOrNoPermissionFails() {
        aws.answer("Publish", 403, iamError("AuthorizationError", "User is not authorized to perform: SNS:Publish"));

        ExecutionResult r = handler.execute(ctx(Map.of("topicArn", TOPIC, "message", "m")));

        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.error()).isEqualTo("AuthorizationError: User is not authorized to perform: SNS:Publish");
        assertThat(r.awsRequestId()).isEqualTo("err-req-1");
    }

    @Test
    void checksTopicAndSubject() {
        assertThat(handler.check(new ActionCommand(
                        "sns:publish",
                        null,
                        Map.of("topicArn", "security-alerts", "message", "m", "subject", "x".repeat(101)))))
                .containsExactly(
                        "sns:publish topicArn 'security-alerts' is not an SNS topic ARN",
                        "sns:publish subject must be one line of at most 100 characters");
    }

    @Test
    void theMessageCarriesTheReportAndIsCutToSnsLimitWithANote() {
        ActionContext plain = ctx(Map.of("topicArn", TOPIC, "message", "Tor traffic"));
        EventReport small = new EventReport(
                "Investigation of guardduty\n- Bucket b: PUBLIC",
                "/r/evt-0001.md",
                "/r/evt-0001.json",
                "# Investigation report: guardduty",
                "{}");
        String message = Publish.message(
                new ActionContext(plain.command(), plain.event(), plain.account(), plain.region(), small));
        assertThat(message)
                .contains("- Bucket b: PUBLIC", "Full report: /r/evt-0001.md (JSON: /r/evt-0001.json)")
                .endsWith("# Investigation report: guardduty");

        String huge = "# report\n" + "é".repeat(200_000); // 400 KB of two-byte characters
        EventReport big = new EventReport("s", "/r/evt-0001.md", "/r/evt-0001.json", huge, "{}");
        String cut = Publish.message(
                new ActionContext(plain.command(), plain.event(), plain.account(), plain.region(), big));
        assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(Publish.MAX_MESSAGE_BYTES);
        assertThat(cut).endsWith("[report cut to fit SNS's 256 KB message limit; full report: /r/evt-0001.md]");
        assertThat(handler.carriesReport()).isTrue();
    }
}
