package dev.riposte.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riposte.aws.client.RestWire;
import dev.riposte.command.ActionCommand;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.EventReport;
import dev.riposte.dispatch.ExecutionResult;
import dev.riposte.fact.Events;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** notify:webhook against a local webhook receiver. */
class WebhookNotificationTest {
    private static final String TEXT =
            "Tor traffic\nevent evt-0001 (guardduty UnauthorizedAccess:EC2/TorClient) account 111122223333"
                    + " region us-east-1\ntarget i-0abc1234def567890";

    private final RestWire hook = new RestWire();
    private final WebhookNotification handler = new WebhookNotification(
            Map.of(
                    "default", URI.create(hook.baseUrl() + "/services/T000/B000/XXXX"),
                    "oncall", URI.create(hook.baseUrl() + "/oncall")),
            Duration.ofSeconds(10),
            Duration.ofMillis(10));

    @AfterEach
    void stop() {
        hook.close();
    }

    private static ActionContext ctx(Map<String, Object> params) {
        return new ActionContext(
                new ActionCommand("notify:webhook", "i-0abc1234def567890", params),
                Events.withDetail("guardduty-iam-eventbridge.json"),
                Events.ACCOUNT,
                "us-east-1");
    }

    @Test
    void postsSlackJsonAndPlansWithoutTheSecretUrl() throws Exception {
        hook.stub(
                post(urlEqualTo("/services/T000/B000/XXXX")),
                aResponse().withStatus(200).withBody("ok"));
        ActionContext ctx = ctx(Map.of("message", "Tor traffic"));

        ExecutionResult r = handler.execute(ctx);

        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(r.requests())
                .isEqualTo(handler.plan(ctx))
                .containsExactly(
                        new AwsRequest("webhook", "Post", Map.of("webhook", "default", "body", Map.of("text", TEXT))));
        assertThat(r.requests().toString()).doesNotContain("XXXX");
        var req = hook.requests().get(0);
        assertThat(req.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(new ObjectMapper().readTree(req.getBodyAsString()))
                .isEqualTo(new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(Map.of("text", TEXT))));
        assertThat(handler.spec().mutating()).isFalse();
    }

    @Test
    void aNamedWebhook() {
        hook.stub(post(urlEqualTo("/oncall")), aResponse().withStatus(204));

        assertThat(handler.execute(ctx(Map.of("message", "m", "webhook", "oncall"))))
                .extracting(ExecutionResult::outcome, ExecutionResult::error)
                .containsExactly(Outcome.SUCCEEDED, null);
        assertThat(hook.lines()).containsExactly("POST /oncall");
    }

    @Test
    void aServerErrorIsRetriedOnce() {
        hook.firstThen(
                () -> post(urlEqualTo("/oncall")),
                aResponse().withStatus(503),
                aResponse().withStatus(200));

        assertThat(handler.execute(ctx(Map.of("message", "m", "webhook", "oncall"))))
                .extracting(ExecutionResult::outcome, ExecutionResult::error)
                .containsExactly(Outcome.SUCCEEDED, null);
        assertThat(hook.lines()).containsExactly("POST /oncall", "POST /oncall");
    }

    @Test
    void aRefusalFailsWithoutRetryAndTheStatus() {
        hook.stub(post(urlEqualTo("/oncall")), aResponse().withStatus(404).withBody("no_team\nmore"));

        ExecutionResult r = handler.execute(ctx(Map.of("message", "m", "webhook", "oncall")));

        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.error()).isEqualTo("webhook 'oncall' answered HTTP 404: no_team");
        assertThat(hook.lines()).hasSize(1);
    }

    @Test
    void aSlowReceiverTimesOut() {
        hook.stub(post(urlEqualTo("/oncall")), aResponse().withStatus(200).withFixedDelay(3000));
        WebhookNotification impatient = new WebhookNotification(
                Map.of("oncall", URI.create(hook.baseUrl() + "/oncall")),
                Duration.ofMillis(300),
                Duration.ofMillis(10));

        ExecutionResult r = impatient.execute(ctx(Map.of("message", "m", "webhook", "oncall")));

        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.error()).startsWith("webhook 'oncall' unreachable: HttpTimeoutException");
        assertThat(hook.lines()).hasSize(2);
    }

    @Test
    void unconfiguredWebhooksAreRejectedWhenRulesLoad() {
        assertThat(handler.check(new ActionCommand("notify:webhook", null, Map.of("message", "m"))))
                .isEmpty();
        assertThat(handler.check(new ActionCommand("notify:webhook", null, Map.of("message", "m", "webhook", "pager"))))
                .containsExactly(
                        "notify:webhook webhook 'pager' is not configured (set riposte.notify.webhooks.pager)");
        WebhookNotification none = new WebhookNotification(Map.of(), Duration.ofSeconds(1), Duration.ZERO);
        assertThat(none.check(new ActionCommand("notify:webhook", null, Map.of("message", "m"))))
                .containsExactly(
                        "notify:webhook has no webhook to send to: set riposte.notify.webhook-url or pass webhook=<name>");
    }

    private static ActionContext withReport(Map<String, Object> params, String markdown) {
        ActionContext plain = ctx(params);
        EventReport report = new EventReport(
                "Investigation of guardduty UnauthorizedAccess:EC2/TorClient\n- Instance i-0abc1234def567890: running, PRODUCTION",
                "/var/riposte/reports/evt-0001.md",
                "/var/riposte/reports/evt-0001.json",
                markdown,
                "{}");
        return new ActionContext(plain.command(), plain.event(), plain.account(), plain.region(), report);
    }

    @Test
    void theSlackTextCarriesTheReportSummaryAndWhereTheReportIs() throws Exception {
        hook.stub(
                post(urlEqualTo("/services/T000/B000/XXXX")),
                aResponse().withStatus(200).withBody("ok"));
        ActionContext ctx = withReport(Map.of("message", "Tor traffic"), "# report");

        assertThat(handler.execute(ctx).outcome()).isEqualTo(Outcome.SUCCEEDED);

        String text = new ObjectMapper()
                .readTree(hook.requests().get(0).getBodyAsString())
                .get("text")
                .asText();
        assertThat(text).startsWith(TEXT).contains("PRODUCTION", "Full report: /var/riposte/reports/evt-0001.md");
        assertThat(handler.carriesReport()).isTrue();
    }

    @Test
    void aLongTextIsCutToSlacksLimitWithANote() {
        ActionContext ctx = withReport(Map.of("message", "x".repeat(10_000)), "# report");
        String text =
                (String) ((Map<?, ?>) handler.plan(ctx).get(0).parameters().get("body")).get("text");
        assertThat(text.getBytes(StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(WebhookNotification.SLACK_MAX_BYTES);
        assertThat(text)
                .endsWith("[cut to fit the chat's message limit; full report: /var/riposte/reports/evt-0001.md]");
    }

    @Test
    void teamsGetsAMessageCard() throws Exception {
        hook.stub(post(urlEqualTo("/oncall")), aResponse().withStatus(200).withBody("1"));
        ActionContext ctx =
                withReport(Map.of("message", "Tor traffic", "webhook", "oncall", "format", "teams"), "# report");

        assertThat(handler.execute(ctx).outcome()).isEqualTo(Outcome.SUCCEEDED);

        var card = new ObjectMapper().readTree(hook.requests().get(0).getBodyAsString());
        assertThat(card.get("@type").asText()).isEqualTo("MessageCard");
        assertThat(card.get("@context").asText()).isEqualTo("https://schema.org/extensions");
        assertThat(card.get("title").asText()).isEqualTo("Tor traffic");
        assertThat(card.get("text").asText()).contains("Tor traffic\n\nevent evt-0001", "PRODUCTION", "Full report: ");
        assertThat(handler.check(
                        new ActionCommand("notify:webhook", null, Map.of("message", "m", "format", "discord"))))
                .singleElement()
                .asString()
                .contains("format 'discord' is not one of slack, teams");
    }
}
