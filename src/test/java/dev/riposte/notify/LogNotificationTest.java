package dev.riposte.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.command.ActionCommand;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.ExecutionResult;
import dev.riposte.fact.Events;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class LogNotificationTest {
    private final LogNotification handler = new LogNotification();

    private static ActionContext ctx(ActionCommand c) {
        return new ActionContext(c, Events.torClient().build(), Events.ACCOUNT, "us-east-1");
    }

    @Test
    void plansOneLogWrite() {
        ActionCommand c = ActionCommand.of("notify:log", null)
                .with("message", "root login")
                .with("level", "ERROR");
        assertThat(handler.plan(ctx(c)))
                .containsExactly(new AwsRequest("log", "Write", Map.of("level", "error", "message", "root login")));
        assertThat(handler.plan(ctx(ActionCommand.of("notify:log", null).with("message", "m"))))
                .containsExactly(new AwsRequest("log", "Write", Map.of("level", "warn", "message", "m")));
    }

    @Test
    void rejectsAnUnknownLevel() {
        assertThat(handler.check(ActionCommand.of("notify:log", null)
                        .with("message", "m")
                        .with("level", "loud")))
                .containsExactly("notify:log level 'loud' is not one of debug, info, warn, error");
        assertThat(handler.spec().validate(Map.of()))
                .containsExactly("missing required parameter 'message' for notify:log");
    }

    @Test
    void executeWritesTheMessageWithTheEvent() {
        Logger jul = Logger.getLogger(LogNotification.LOGGER);
        List<LogRecord> records = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        jul.addHandler(capture);
        try {
            ExecutionResult r = handler.execute(ctx(ActionCommand.of("notify:log", "i-0123456789abcdef0")
                    .with("message", "isolating")
                    .with("level", "error")));

            assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
            assertThat(r.requests()).hasSize(1);
        } finally {
            jul.removeHandler(capture);
        }
        assertThat(records).hasSize(1);
        assertThat(records.get(0).getLevel().intValue()).isEqualTo(Level.SEVERE.intValue());
        assertThat(records.get(0).getMessage())
                .isEqualTo("isolating [event=evt-0001 source=guardduty"
                        + " type=UnauthorizedAccess:EC2/TorClient account=111122223333 "
                        + "region=us-east-1] target=i-0123456789abcdef0");
    }

    @Test
    void isNotMutating() {
        assertThat(handler.spec().mutating()).isFalse();
        assertThat(handler.spec().targetType()).isNull();
    }
}
