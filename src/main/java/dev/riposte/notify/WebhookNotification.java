package dev.riposte.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riposte.command.ActionCommand;
import dev.riposte.config.RiposteConfig;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.ActionHandler;
import dev.riposte.dispatch.ActionSpec;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.EventReport;
import dev.riposte.dispatch.ExecutionResult;
import dev.riposte.dispatch.ParamSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code notify:webhook}: POST a Slack-compatible {@code {"text": ...}} (or, with {@code format: teams}, a Microsoft
 * Teams MessageCard) to a webhook: {@code riposte.notify.webhook-url}, or the one named by the {@code webhook}
 * parameter ({@code riposte.notify.webhooks.<name>}). The text carries the event's investigation report: its key facts
 * and where the full report is, cut (with a note) to stay well inside what Slack and Teams display. Webhook URLs are secrets
 * (Slack's carry the token), so plans and audit records name the webhook, never its URL. A 429, a 5xx or a network
 * error is retried once. Public: wiring outside CDI constructs it.
 */
@ApplicationScoped
public class WebhookNotification implements ActionHandler {
    static final String DEFAULT = "default";
    static final String NAMED_PREFIX = "riposte.notify.webhooks.";
    /** Slack shows up to 4,000 characters of {@code text} before it folds or cuts a message. */
    static final int SLACK_MAX_BYTES = 3900;
    /** Teams refuses cards over 28 KB. */
    static final int TEAMS_MAX_BYTES = 20_000;

    static final List<String> FORMATS = List.of("slack", "teams");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ActionSpec SPEC = ActionSpec.builder("notify:webhook")
            .description(
                    "POST a Slack-compatible JSON message {\"text\": ...} (or a Teams MessageCard) with the event's id, type, account,"
                            + " region and investigation report summary to riposte.notify.webhook-url "
                            + "or a named webhook (riposte.notify.webhooks.<name>)")
            .params(
                    ParamSpec.required("message", ParamSpec.Type.STRING, "what to say"),
                    ParamSpec.optional(
                            "format",
                            ParamSpec.Type.STRING,
                            "slack (default: {\"text\": ...}, also Mattermost, Rocket.Chat) or teams (MessageCard)"),
                    ParamSpec.optional(
                            "webhook",
                            ParamSpec.Type.STRING,
                            "name of a webhook configured as riposte.notify.webhooks.<name> (default: riposte.notify.webhook-url)"))
            .mutating(false)
            .build();

    private final Map<String, URI> webhooks;
    private final HttpClient http;
    private final Duration timeout;
    private final Duration retryAfter;

    @Inject
    public WebhookNotification(RiposteConfig config) {
        this(webhooks(config.notifications()), Duration.ofSeconds(10), Duration.ofSeconds(1));
    }

    WebhookNotification(Map<String, URI> webhooks, Duration timeout, Duration retryAfter) {
        this.webhooks = Map.copyOf(webhooks);
        this.timeout = timeout;
        this.retryAfter = retryAfter;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout.compareTo(Duration.ofSeconds(5)) < 0 ? timeout : Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    private static Map<String, URI> webhooks(RiposteConfig.Notify config) {
        Map<String, URI> m = new TreeMap<>();
        config.webhookUrl().ifPresent(u -> m.put(DEFAULT, u));
        m.putAll(config.webhooks());
        return m;
    }

    @Override
    public ActionSpec spec() {
        return SPEC;
    }

    @Override
    public ActionCommand example() {
        return ActionCommand.of(SPEC.id(), null).with("message", "hello");
    }

    @Override
    public boolean carriesReport() {
        return true;
    }

    @Override
    public List<String> check(ActionCommand command) {
        Object format = command.params().get("format");
        if (format != null && !FORMATS.contains(String.valueOf(format))) {
            return List.of("notify:webhook format '" + format + "' is not one of " + String.join(", ", FORMATS));
        }
        Object name = command.params().get("webhook");
        if (name == null) {
            return webhooks.containsKey(DEFAULT)
                    ? List.of()
                    : List.of(
                            "notify:webhook has no webhook to send to: set riposte.notify.webhook-url or pass webhook=<name>");
        }
        return webhooks.containsKey(String.valueOf(name)) && !DEFAULT.equals(name)
                ? List.of()
                : List.of("notify:webhook webhook '" + name + "' is not configured (set " + NAMED_PREFIX + name + ")");
    }

    @Override
    public List<AwsRequest> plan(ActionContext ctx) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("webhook", name(ctx));
        p.put("body", payload(ctx));
        return List.of(new AwsRequest("webhook", "Post", p));
    }

    @Override
    public ExecutionResult execute(ActionContext ctx) {
        List<AwsRequest> plan = plan(ctx);
        URI url = webhooks.get(name(ctx));
        if (url == null) {
            return ExecutionResult.failed(check(ctx.command()).get(0), plan);
        }
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(ctx)))
                .build();
        String problem = null;
        for (int attempt = 1; attempt <= 2; attempt++) {
            try {
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() / 100 == 2) {
                    return ExecutionResult.succeeded(plan, null);
                }
                problem = "webhook '" + name(ctx) + "' answered HTTP " + r.statusCode() + ": " + firstLine(r.body());
                if (r.statusCode() != 429 && r.statusCode() < 500) {
                    break;
                }
            } catch (IOException e) {
                problem = "webhook '" + name(ctx) + "' unreachable: "
                        + e.getClass().getSimpleName() + " " + firstLine(e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ExecutionResult.failed("interrupted while posting to webhook '" + name(ctx) + "'", plan);
            }
            if (attempt == 1 && !pause()) {
                break;
            }
        }
        return ExecutionResult.failed(problem, plan);
    }

    private boolean pause() {
        try {
            Thread.sleep(retryAfter.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Slack's {@code {"text": ...}}, or a Teams MessageCard whose paragraphs are the text's lines. */
    static Map<String, Object> payload(ActionContext ctx) {
        if (!"teams".equals(ctx.param("format", "slack"))) {
            return Map.of("text", EventReport.fit(text(ctx), SLACK_MAX_BYTES, cutNote(ctx)));
        }
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("@type", "MessageCard");
        card.put("@context", "https://schema.org/extensions");
        String message = ctx.param("message", "");
        card.put("summary", message.length() > 100 ? message.substring(0, 100) : message);
        card.put("title", message);
        // Teams' Markdown joins single line breaks: a blank line keeps each line its own paragraph
        card.put(
                "text",
                EventReport.fit(text(ctx), TEAMS_MAX_BYTES, cutNote(ctx)).replace("\n", "\n\n"));
        return card;
    }

    private static String cutNote(ActionContext ctx) {
        return "\n[cut to fit the chat's message limit"
                + (ctx.report() == null ? "" : "; full report: " + ctx.report().markdownPath()) + "]";
    }

    static String body(ActionContext ctx) {
        try {
            return JSON.writeValueAsString(payload(ctx));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String text(ActionContext ctx) {
        StringBuilder s = EventReport.opening(ctx, "\n");
        EventReport r = ctx.report();
        if (r != null) {
            s.append("\n\n").append(r.summary()).append("\nFull report: ").append(r.markdownPath());
        }
        return s.toString();
    }

    private static String name(ActionContext ctx) {
        return ctx.param("webhook", DEFAULT);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        String line = s.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
