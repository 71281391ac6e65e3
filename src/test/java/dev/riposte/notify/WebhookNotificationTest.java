package dev.riposte.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.riposte.command.ActionCommand;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.ExecutionResult;
import dev.riposte.dispatch.TestEvents;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookNotificationTest {
    private static final String PATH = "/services/T000/B000/XXXXSECRET";
    private static final String TEXT = "key exfiltrated \"now\" [event=evt-0001 source=guardduty type=UnauthorizedAccess:EC2/TorClient"
            + " account=111122223333 region=us-east-1]";
    /** Held so the level stays set: Jetty's start/stop lines are noise here. */
    private static final java.util.logging.Logger JETTY = java.util.logging.Logger.getLogger("org.eclipse.jetty");

    static {
        JETTY.setLevel(java.util.logging.Level.WARNING);
    }

    private final WireMockServer server = new WireMockServer(options().dynamicPort().jettyAcceptors(1));
    private final ActionContext ctx = new ActionContext(ActionCommand.of("notify:webhook", null).with("message", "key exfiltrated \"now\""),
            TestEvents.event("us-east-1", null, List.of(), Map.of()), TestEvents.ACCOUNT, "us-east-1");

    {
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private WebhookNotification handler() {
        return new WebhookNotification(URI.create(server.baseUrl() + PATH), HttpClient.newHttpClient());
    }

    @Test
    void postsSlackCompatibleJson() {
        server.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(200).withBody("ok")));

        ExecutionResult r = handler().execute(ctx);

        assertThat(r.outcome()).isEqualTo("succeeded");
        server.verify(1, postRequestedFor(urlPathEqualTo(PATH)).withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"text\": \"" + TEXT.replace("\"", "\\\"") + "\"}")));
    }

    @Test
    void thePlanHidesTheSecretPartOfTheUrl() {
        assertThat(handler().plan(ctx)).containsExactly(new AwsRequest("webhook", "POST",
                Map.of("url", "http://localhost:" + server.port() + "/...", "body", Map.of("text", TEXT))));
    }

    @Test
    void anErrorStatusFails() {
        server.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(404).withBody("no_service")));

        ExecutionResult r = handler().execute(ctx);

        assertThat(r.outcome()).isEqualTo("failed");
        assertThat(r.error()).isEqualTo("webhook http://localhost:" + server.port() + "/... answered HTTP 404");
    }

    @Test
    void withoutAConfiguredUrlEveryCommandIsRejected() {
        WebhookNotification unconfigured = new WebhookNotification(null, HttpClient.newHttpClient());

        assertThat(unconfigured.check(ctx.command())).containsExactly("notify:webhook needs riposte.notify.webhook.url to be set");
        assertThat(unconfigured.execute(ctx).outcome()).isEqualTo("failed");
    }
}
