package dev.riposte.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.aws.client.AwsWire;
import dev.riposte.aws.tags.AwsTagReader;
import dev.riposte.command.ActionCommand;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.ActionCatalogue;
import dev.riposte.dispatch.DispatchResult;
import dev.riposte.dispatch.DispatchSettings;
import dev.riposte.dispatch.Dispatcher;
import dev.riposte.fact.Events;
import dev.riposte.guard.Breaker;
import dev.riposte.guard.GuardRails;
import dev.riposte.guard.GuardSettings;
import dev.riposte.guard.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exempt-tag read of a live command has its own short budget for its rate-limit token
 * ({@code riposte.guard.exempt-tag-read-wait}), not the commands' {@code riposte.rate-limit.max-wait}: past it the read
 * is not sent and the command is deferred (rate-limited, to come back), neither carried out unchecked nor dropped. The
 * real tag reader against WireMock answering like EC2, the real limiter on a test clock, the real guard rails.
 */
class ExemptTagReadBudgetTest {
    private final FakeTicker ticker = new FakeTicker();
    private final AwsWire aws = new AwsWire();
    private final DispatchRateLimitTest.StopAction action = new DispatchRateLimitTest.StopAction();

    @TempDir
    Path state;

    @AfterEach
    void stop() {
        aws.close();
    }

    @Test
    void aTagReadWithoutItsTokenWithinTheBudgetDefersTheCommandAtOnceAndItIsCarriedOutWhenItComesBack() {
        aws.ok("DescribeTags", """
                <DescribeTagsResponse xmlns="%s"><requestId>r-1</requestId><tagSet/></DescribeTagsResponse>""".formatted(AwsWire.EC2_NS));
        // one DescribeTags every 2 s: within the commands' max-wait (5 s), beyond the read's budget (250 ms)
        RateLimiter limiter = new RateLimiter(
                RateLimitSettings.parse(true, "5s", "100/1s burst=100", "", "ec2:DescribeTags=1/2s burst=1"),
                ticker,
                null);
        TestClock clock = new TestClock(Events.T0);
        GuardSettings s = GuardSettings.defaults(state);
        Dispatcher d = new Dispatcher(
                new ActionCatalogue(List.of(action)),
                new DispatchSettings(false, false),
                List.of(new GuardRails(
                        s,
                        new AwsTagReader(aws.clients(), limiter, Duration.ofMillis(250)),
                        new Breaker(s, List.of(), clock),
                        clock)),
                limiter);

        assertThat(stop(d, "i-0aaa").outcome()).isEqualTo(Outcome.SUCCEEDED);

        DispatchResult deferred = stop(d, "i-0bbb");
        // before the budget, the read waited the 2 s for its token (the event path held) and the command ran
        assertThat(deferred.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(deferred.error())
                .contains("cannot read the current tags of i-0bbb")
                .contains("deferred")
                .contains("riposte.guard.exempt-tag-read-wait");
        assertThat(ticker.slept)
                .as("gave up at once: no token within the budget")
                .isEmpty();
        assertThat(action.executed).containsExactly(Events.ACCOUNT + "/i-0aaa");
        assertThat(aws.calls()).hasSize(1);

        ticker.advance(2, TimeUnit.SECONDS); // the event comes back once the bucket has a token again
        assertThat(stop(d, "i-0bbb").outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(action.executed).containsExactly(Events.ACCOUNT + "/i-0aaa", Events.ACCOUNT + "/i-0bbb");
        assertThat(aws.calls()).extracting(c -> c.get("Filter.1.Value.1")).containsExactly("i-0aaa", "i-0bbb");
    }

    private DispatchResult stop(Dispatcher d, String instance) {
        return d.dispatch(
                ActionCommand.of("ec2:stop-instance", instance), Events.tor(1, Events.ACCOUNT, Map.of()), false);
    }
}
