package dev.riposte.guard;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.riposte.command.ActionCommand;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.DispatchResult;
import dev.riposte.dispatch.DispatchSettings;
import dev.riposte.dispatch.Dispatcher;
import dev.riposte.dispatch.RateLimitedException;
import dev.riposte.dispatch.TagReader;
import dev.riposte.fact.Events;
import dev.riposte.fact.SecurityEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuardRailsTest {
    @TempDir
    Path state;

    private final WiredActions wire = new WiredActions();
    private final TestClock clock = new TestClock(Events.T0);
    /** The test double of the aws package's tag reader: "current" tags by resource id. */
    private final Map<String, Map<String, String>> liveTags = new HashMap<>();

    private final List<String> tagReads = new ArrayList<>();
    private TagReader reader = (account, region, type, id) -> {
        tagReads.add(type + " " + id);
        return Optional.ofNullable(liveTags.get(id));
    };

    @AfterEach
    void stop() {
        wire.close();
    }

    private Dispatcher dispatcher(GuardSettings s, boolean dryRun) {
        Breaker breaker = new Breaker(s, List.of(), clock);
        return new Dispatcher(
                wire.catalogue,
                new DispatchSettings(dryRun, false),
                List.of(new GuardRails(s, reader, breaker, clock)));
    }

    private static DispatchResult isolate(Dispatcher d, SecurityEvent e) {
        return d.dispatch(
                ActionCommand.of("ec2:isolate-instance", e.resources().get(0).id()), e, false);
    }

    private int calls(String path) {
        return wire.calls(path);
    }

    @Test
    void anInstanceTaggedExemptAfterTheEventIsNeverTouched() {
        SecurityEvent e =
                Events.tor(1, Events.ACCOUNT, Map.of("team", "web")); // no exempt tag when the finding was raised
        liveTags.put(e.resources().get(0).id(), Map.of("team", "web", "riposte:exempt", "true")); // tagged since

        DispatchResult r = isolate(dispatcher(GuardSettings.defaults(state), false), e);

        assertThat(r.outcome()).isEqualTo(Outcome.EXEMPT);
        assertThat(r.error()).contains("riposte:exempt=true").contains("current tags");
        assertThat(tagReads)
                .containsExactly("AWS::EC2::Instance " + e.resources().get(0).id());
        assertThat(calls("/.*")).isZero();
    }

    @Test
    void currentTagsWinOverTheEventsAndTheReaderIsOnlyAskedLive() {
        SecurityEvent e = Events.tor(2, Events.ACCOUNT, Map.of("riposte:exempt", "yes"));
        liveTags.put(e.resources().get(0).id(), Map.of()); // the tag was removed since the event

        assertThat(isolate(dispatcher(GuardSettings.defaults(state), true), e).outcome())
                .isEqualTo(Outcome.EXEMPT); // dry-run: event tags
        assertThat(tagReads).isEmpty();
        assertThat(isolate(dispatcher(GuardSettings.defaults(state), false), e).outcome())
                .isEqualTo(Outcome.SUCCEEDED);
        assertThat(calls("/ec2/isolate-instance/.*")).isEqualTo(1);
    }

    @Test
    void withoutAReaderForTheTypeTheEventTagsDecideAndAFailingReaderFailsClosed() {
        SecurityEvent tagged = Events.tor(3, Events.ACCOUNT, Map.of("riposte:exempt", ""));
        assertThat(isolate(dispatcher(GuardSettings.defaults(state), false), tagged)
                        .outcome())
                .isEqualTo(Outcome.EXEMPT);

        SecurityEvent untagged = Events.tor(4, Events.ACCOUNT, Map.of("riposte:exempt", "false"));
        reader = (a, r, t, id) -> {
            throw new IllegalStateException("AccessDenied on ec2:DescribeTags");
        };
        DispatchResult r = isolate(dispatcher(GuardSettings.defaults(state), false), untagged);
        assertThat(r.outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(r.error()).contains("cannot read the current tags").contains("AccessDenied");
        assertThat(calls("/.*")).isZero();
    }

    @Test
    void aTagReadWithoutItsRateLimitTokenDefersTheCommandInsteadOfSkippingIt() {
        SecurityEvent e = Events.tor(11, Events.ACCOUNT, Map.of());
        boolean[] limited = {true};
        reader = (account, region, type, id) -> {
            if (limited[0]) {
                throw new RateLimitedException("rate-limited: no ec2:DescribeTags token within 5s", null);
            }
            return Optional.of(Map.of());
        };
        Dispatcher d = dispatcher(GuardSettings.defaults(state).withCooldown(Duration.ofMinutes(15)), false);

        DispatchResult deferred = isolate(d, e);
        assertThat(deferred.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(deferred.error()).contains("within the rate limit, deferred").contains("DescribeTags");
        assertThat(calls("/.*")).isZero();

        limited[0] = false; // redelivered once tokens are back: no cooldown was started, the command runs
        assertThat(isolate(d, e).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(calls("/ec2/isolate-instance/.*")).isEqualTo(1);
    }

    @Test
    void protectedAndNotAllowedAccountsAndRegionsAreExemptButStillNotified() {
        GuardSettings s = GuardSettings.defaults(state).withAccounts(Set.of("999988887777"), Set.of(), Set.of());
        Dispatcher d = dispatcher(s, false);
        SecurityEvent prod = Events.tor(5, "999988887777", Map.of());

        DispatchResult r = isolate(d, prod);
        assertThat(r.outcome()).isEqualTo(Outcome.EXEMPT);
        assertThat(r.error()).contains("999988887777 is protected");
        assertThat(d.dispatch(ActionCommand.of("notify:test", "x"), prod, false).outcome())
                .isEqualTo(Outcome.SUCCEEDED);

        Dispatcher allowList = dispatcher(
                GuardSettings.defaults(state).withAccounts(Set.of(), Set.of(Events.ACCOUNT), Set.of("eu-west-1")),
                false);
        assertThat(isolate(allowList, Events.tor(6, "444455556666", Map.of())).error())
                .contains("not in riposte.guard.allowed-accounts");
        assertThat(isolate(allowList, Events.tor(7, Events.ACCOUNT, Map.of())).error())
                .contains("region us-east-1 is not in");
        assertThat(calls("/ec2/.*")).isZero();
    }

    @Test
    void aFailedActionStartsNoCooldown() {
        wire.aws.stubFor(post(urlPathMatching("/ec2/isolate-instance/.*")).willReturn(WireMock.serverError()));
        Dispatcher d = dispatcher(GuardSettings.defaults(state), false);
        SecurityEvent e = Events.tor(9, Events.ACCOUNT, Map.of());

        assertThat(isolate(d, e).outcome()).isEqualTo(Outcome.FAILED);
        assertThat(isolate(d, e).outcome()).isEqualTo(Outcome.FAILED);
        assertThat(calls("/ec2/isolate-instance/.*")).isEqualTo(2);
    }

    @Test
    void eventsCausedByRiposteItselfTriggerNothing() {
        GuardSettings s = GuardSettings.defaults(state)
                .withSelf(List.of("arn:aws:iam::{account}:role/RiposteResponder"), "riposte-");
        Dispatcher d = dispatcher(s, false);

        for (String arn : List.of(
                "arn:aws:sts::111122223333:assumed-role/RiposteResponder/any-session",
                "arn:aws:sts::111122223333:assumed-role/OtherRole/riposte-1714564800")) {
            SecurityEvent self = Events.byPrincipal(arn);
            DispatchResult r = isolate(d, self);
            assertThat(r.outcome()).as(arn).isEqualTo(Outcome.SKIPPED);
            assertThat(r.error()).contains("loop prevention");
            assertThat(d.dispatch(ActionCommand.of("notify:test", "x"), self, false)
                            .outcome())
                    .isEqualTo(Outcome.SKIPPED);
        }
        SecurityEvent someoneElse = Events.byPrincipal("arn:aws:sts::111122223333:assumed-role/Admin/alice");
        assertThat(isolate(d, someoneElse).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(calls("/.*")).isEqualTo(1);
    }
}
