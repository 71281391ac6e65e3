package dev.riposte.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riposte.command.ActionCommand;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.ActionHandler;
import dev.riposte.dispatch.ActionSpec;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.ExecutionResult;
import dev.riposte.dispatch.ParamSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code notify:webhook}: POST a Slack-compatible message ({@code {"text": ...}}) to the webhook configured in
 * {@code riposte.notify.webhook.url}. The URL comes from configuration only, never from a rule, so a rule cannot
 * send event data anywhere else; plans and audit records show only its scheme and host (webhook URLs are secrets).
 * Public: wiring outside CDI constructs it.
 */
@ApplicationScoped
public class WebhookNotification implements ActionHandler {
    static final String URL_KEY = "riposte.notify.webhook.url";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final ActionSpec SPEC = new ActionSpec("notify:webhook",
            "POST a Slack-compatible JSON message ({\"text\": ...}) with the event's id, type, account and region to the"
                    + " webhook in " + URL_KEY,
            null,
            List.of(ParamSpec.required("message", "string", "what to say")),
            List.of(),
            false, false);

    private final URI url;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    @Inject
    public WebhookNotification(@ConfigProperty(name = URL_KEY) Optional<URI> url) {
        this(url.orElse(null), HttpClient.newBuilder().connectTimeout(TIMEOUT).build());
    }

    /** @param url the webhook, or null when none is configured (every command is then rejected) */
    public WebhookNotification(URI url, HttpClient http) {
        this.url = url;
        this.http = http;
    }

    @Override
    public ActionSpec spec() {
        return SPEC;
    }

    @Override
    public List<String> check(ActionCommand command) {
        return url == null ? List.of("notify:webhook needs " + URL_KEY + " to be set") : List.of();
    }

    @Override
    public List<AwsRequest> plan(ActionContext ctx) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("url", redacted());
        p.put("body", Map.of("text", text(ctx)));
        return List.of(new AwsRequest("webhook", "POST", p));
    }

    @Override
    public ExecutionResult execute(ActionContext ctx) {
        if (url == null) {
            return ExecutionResult.failed("notify:webhook needs " + URL_KEY + " to be set", List.of());
        }
        List<AwsRequest> sent = plan(ctx);
        HttpRequest request = HttpRequest.newBuilder(url).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(ctx))).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 == 2) {
                return ExecutionResult.succeeded(sent, null);
            }
            return ExecutionResult.failed("webhook " + redacted() + " answered HTTP " + response.statusCode(), sent);
        } catch (IOException e) {
            return ExecutionResult.failed("webhook " + redacted() + " unreachable: " + e.getMessage(), sent);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExecutionResult.failed("interrupted while calling webhook " + redacted(), sent);
        }
    }

    String body(ActionContext ctx) {
        try {
            return json.writeValueAsString(Map.of("text", text(ctx)));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The message, then the event it is about (same line format as notify:log). */
    private static String text(ActionContext ctx) {
        return LogNotification.line(ctx);
    }

    private String redacted() {
        return url == null ? null : url.getScheme() + "://" + url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "") + "/...";
    }
}
