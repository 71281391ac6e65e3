package dev.riposte.playbook.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.command.PlaybookRun;
import dev.riposte.dispatch.ActionCatalogue;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.DispatchSettings;
import dev.riposte.dispatch.Dispatcher;
import dev.riposte.dispatch.ExecutionResult;
import dev.riposte.dispatch.FakeHandler;
import dev.riposte.dispatch.Throttle;
import dev.riposte.fact.Events;
import dev.riposte.fact.Principal;
import dev.riposte.fact.SecurityEvent;
import dev.riposte.playbook.PlaybookFile;
import dev.riposte.playbook.PlaybookSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlaybookRunnerTest {
    private final FakeHandler snapshot = new FakeHandler("ec2:snapshot-volumes");
    private final FakeHandler isolate = new FakeHandler("ec2:isolate-instance");
    private final FakeHandler deny = new FakeHandler("iam:attach-deny-all-policy");
    private final ActionCatalogue catalogue = new ActionCatalogue(List.of(snapshot, isolate, deny));
    private final SecurityEvent event = Events.torClient()
            .principal(new Principal(
                    "arn:aws:iam::111122223333:user/alice", "IAMUser", "alice", "AKIAEXAMPLE", null, Events.ACCOUNT))
            .resources(Events.instance("i-0123456789abcdef0", "us-east-1"))
            .build();

    private PlaybookRunner runner(String onFailure) {
        PlaybookSet set = PlaybookSet.load(
                List.of(new PlaybookFile("p.yaml", """
                id: respond
                description: d
                steps:
                  - action: ec2:snapshot-volumes
                    on-failure: %s
                    params: {reason: "evidence for ${event.id}"}
                  - action: ec2:isolate-instance
                  - action: iam:attach-deny-all-policy
                    target: ${principal.arn}
                    approval: required
                  - action: ec2:snapshot-volumes
                    when: ${event.severity} > 9
                """.formatted(onFailure))), new CatalogueActionRules(catalogue));
        assertThat(set.problems()).isEmpty();
        return new PlaybookRunner(new Dispatcher(catalogue, new DispatchSettings(false, false)), () -> set);
    }

    @Test
    void aRateLimitedStepDefersTheRestOfTheRunEvenWhenItSaysContinue() {
        Throttle noIsolation = (action, account, region, calls) -> "ec2:isolate-instance".equals(action)
                ? new Throttle.Permit(false, 0, "no token (test)")
                : Throttle.Permit.FREE;
        PlaybookSet set =
                PlaybookSet.load(List.of(new PlaybookFile("p.yaml", """
                id: respond
                description: d
                steps:
                  - action: ec2:isolate-instance
                    on-failure: continue
                  - action: ec2:snapshot-volumes
                """)), new CatalogueActionRules(catalogue));
        PlaybookRunner r = new PlaybookRunner(
                new Dispatcher(catalogue, new DispatchSettings(false, false), List.of(), noIsolation), () -> set);

        PlaybookRunner.Progress p = r.start(PlaybookRun.of("respond", "i-0123456789abcdef0"), event, false);

        assertThat(p.steps())
                .extracting(s -> s.step().number() + " " + s.result().outcome())
                .containsExactly("1 rate-limited", "2 skipped");
        assertThat(p.steps().get(1).result().error()).startsWith("run deferred: step 1 was rate-limited");
        assertThat(snapshot.executed).isEmpty();
    }

    @Test
    void aFailingStepStopsTheRunWhenItSaysStop() {
        snapshot.execution = ctx -> ExecutionResult.failed("SnapshotLimitExceeded", List.of());

        PlaybookRunner.Progress p =
                runner("stop").start(PlaybookRun.of("respond", "i-0123456789abcdef0"), event, false);

        assertThat(p.steps())
                .extracting(s -> s.step().number() + " " + s.result().outcome())
                .containsExactly("1 failed", "2 skipped", "3 skipped", "4 skipped");
        assertThat(p.steps().get(1).result().error()).isEqualTo("run stopped: step 1 failed");
        assertThat(isolate.executed).isEmpty();
        assertThat(p.waiting()).isNull();
    }

    @Test
    void aFailingStepThatSaysContinueLetsTheRunGoOnUpToTheApproval() {
        snapshot.execution = ctx -> ExecutionResult.failed("SnapshotLimitExceeded", List.of());

        PlaybookRunner.Progress p =
                runner("continue").start(PlaybookRun.of("respond", "i-0123456789abcdef0"), event, false);

        assertThat(p.steps())
                .extracting(s -> s.step().number() + " " + s.result().outcome())
                .containsExactly("1 failed", "2 succeeded");
        assertThat(snapshot.executed.get(0).command().params()).containsEntry("reason", "evidence for evt-0001");
        assertThat(isolate.executed).extracting(ActionContext::target).containsExactly("i-0123456789abcdef0");
        assertThat(p.waiting().step().number()).isEqualTo(3);
        assertThat(p.waiting().command().target()).isEqualTo("arn:aws:iam::111122223333:user/alice");
        assertThat(deny.executed).isEmpty();
    }

    @Test
    void anApprovedStepRunsAndTheRunGoesOnADeclinedOneIsSkipped() {
        PlaybookRunner r = runner("stop");
        PlaybookRunner.Progress first = r.start(PlaybookRun.of("respond", "i-0123456789abcdef0"), event, false);

        PlaybookRunner.Progress approved = r.approve(first.waiting(), "bob");

        assertThat(approved.steps())
                .extracting(s -> s.step().number() + " " + s.result().outcome() + " " + s.approvedBy())
                .containsExactly("3 succeeded bob", "4 skipped null");
        assertThat(approved.steps().get(1).result().error()).isEqualTo("when is false: ${event.severity} > 9");
        assertThat(deny.executed).hasSize(1);

        PlaybookRunner.Progress declined = r.decline(
                r.start(PlaybookRun.of("respond", "i-0123456789abcdef0"), event, false)
                        .waiting(),
                "rejected by carol");
        assertThat(declined.steps())
                .extracting(s -> s.step().number() + " " + s.result().outcome() + " "
                        + s.result().error())
                .containsExactly("3 skipped rejected by carol", "4 skipped run stopped: step 3 was not approved");
        assertThat(deny.executed).hasSize(1);
    }

    @Test
    void anUnknownPlaybookOrBadParametersAreReportedNotThrown() {
        PlaybookRunner r = runner("stop");
        assertThat(r.start(PlaybookRun.of("nope", "i-1"), event, false).error())
                .isEqualTo("playbook 'nope' is not loaded (known: respond)");
        assertThat(r.start(PlaybookRun.of("respond", "i-1").with("x", 1), event, false)
                        .error())
                .contains("no parameter 'x'");
    }
}
