package dev.riposte.notify;

import dev.riposte.command.ActionCommand;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.ActionHandler;
import dev.riposte.dispatch.ActionSpec;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.ExecutionResult;
import dev.riposte.dispatch.ParamSpec;
import dev.riposte.fact.SecurityEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * {@code notify:log}: write a notification to the service log (logger {@code riposte.notify}), with the
 * event it is about. The cheapest notification, and the one that works with no configuration.
 * Public: wiring outside CDI (tests, CLI) constructs it.
 */
@ApplicationScoped
public class LogNotification implements ActionHandler {
    static final String LOGGER = "riposte.notify";
    static final List<String> LEVELS = List.of("debug", "info", "warn", "error");
    static final String DEFAULT_LEVEL = "warn";

    private static final ActionSpec SPEC = ActionSpec.builder("notify:log")
            .description("Write a message to the service log (logger " + LOGGER
                    + ") with the event's id, type, account and region")
            .params(
                    ParamSpec.required("message", ParamSpec.Type.STRING, "what to say"),
                    ParamSpec.optional(
                            "level",
                            ParamSpec.Type.STRING,
                            "one of " + String.join("|", LEVELS) + " (default " + DEFAULT_LEVEL + ")"))
            .mutating(false)
            .build();

    private final Logger log;

    public LogNotification() {
        this(Logger.getLogger(LOGGER));
    }

    LogNotification(Logger log) {
        this.log = log;
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
    public List<String> check(ActionCommand command) {
        Object level = command.params().get("level");
        return level == null || LEVELS.contains(String.valueOf(level).toLowerCase(Locale.ROOT))
                ? List.of()
                : List.of("notify:log level '" + level + "' is not one of " + String.join(", ", LEVELS));
    }

    @Override
    public List<AwsRequest> plan(ActionContext ctx) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("level", level(ctx));
        p.put("message", ctx.param("message", ""));
        return List.of(new AwsRequest("log", "Write", p));
    }

    @Override
    public ExecutionResult execute(ActionContext ctx) {
        List<AwsRequest> plan = plan(ctx);
        log.log(Logger.Level.valueOf(level(ctx).toUpperCase(Locale.ROOT)), line(ctx));
        return ExecutionResult.succeeded(plan, null);
    }

    static String line(ActionContext ctx) {
        StringBuilder s = new StringBuilder(ctx.param("message", ""));
        SecurityEvent e = ctx.event();
        if (e != null) {
            s.append(" [event=")
                    .append(e.id())
                    .append(" source=")
                    .append(e.source())
                    .append(" type=")
                    .append(e.type())
                    .append(" account=")
                    .append(ctx.account())
                    .append(" region=")
                    .append(ctx.region())
                    .append(']');
        }
        if (ctx.target() != null) {
            s.append(" target=").append(ctx.target());
        }
        return s.toString();
    }

    private static String level(ActionContext ctx) {
        return ctx.param("level", DEFAULT_LEVEL).toLowerCase(Locale.ROOT);
    }
}
