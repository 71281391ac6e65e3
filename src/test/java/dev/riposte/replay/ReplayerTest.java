package dev.riposte.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riposte.audit.AuditRecord;
import dev.riposte.audit.AuditSink;
import dev.riposte.audit.NullAuditSink;
import dev.riposte.decision.Mode;
import dev.riposte.dispatch.DispatchSettings;
import dev.riposte.dispatch.Dispatcher;
import dev.riposte.normalize.Normalizer;
import dev.riposte.pipeline.Pipeline;
import dev.riposte.source.file.EventFiles;
import dev.riposte.source.file.RawInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayerTest {
    static final String BRUTE = "Console sign-in brute force: 3 failures from one IP in 10 minutes";
    static final String ISOLATE = "GuardDuty high severity on EC2: isolate";
    static final String STOPPED = "CloudTrail logging stopped: notify";

    @TempDir
    Path dir;

    static class Collecting implements AuditSink {
        final List<AuditRecord> records = new ArrayList<>();

        @Override
        public void write(AuditRecord r) {
            records.add(r);
        }

        @Override
        public void close() {}
    }

    @Test
    void replaysGzippedCloudTrailLogsInEventTimeOrderSoCorrelationFires() {
        Collecting audit = new Collecting();
        ReplayReport r = Fixtures.replayer()
                .run(
                        new Replayer.Input(
                                List.of(Fixtures.samples(dir)), null, null, Fixtures.rules("rules"), null, audit),
                        Progress.NONE);

        assertThat(r.files()).isEqualTo(4);
        assertThat(r.facts()).isEqualTo(7);
        assertThat(r.rejected()).isEqualTo(1);
        assertThat(r.rejections()).singleElement().satisfies(x -> {
            assertThat(x.input()).contains("truncated.json.gz");
            assertThat(x.reason()).containsIgnoringCase("unexpected end");
        });
        assertThat(r.late()).isZero();
        assertThat(r.firstEvent()).isEqualTo("2024-05-01T12:01:00Z");
        assertThat(r.lastEvent()).isEqualTo("2024-05-01T12:30:00Z");
        assertThat(r.rules())
                .extracting(
                        ReplayReport.RuleRow::rule,
                        ReplayReport.RuleRow::matches,
                        ReplayReport.RuleRow::commands,
                        ReplayReport.RuleRow::targets)
                .containsExactly(
                        Tuple.tuple(STOPPED, 1L, Map.of("notify:log", 1L), 1L),
                        Tuple.tuple(BRUTE, 1L, Map.of("notify:log", 1L), 1L),
                        Tuple.tuple(ISOLATE, 1L, Map.of("ec2:isolate-instance", 1L), 1L));
        assertThat(r.outcomes())
                .containsExactlyInAnyOrderEntriesOf(Map.of("planned", 3L, "no-match", 4L, "rejected", 1L));
        // the brute force fires on the third failure (minute 7), though its file was delivered last
        assertThat(audit.records)
                .filteredOn(a -> BRUTE.equals(a.rule()))
                .singleElement()
                .satisfies(a -> {
                    assertThat(a.eventId()).isEqualTo("ct-fail-7");
                    assertThat(a.target()).isEqualTo(Fixtures.ATTACKER);
                    assertThat(a.mode()).isEqualTo(Mode.DRY_RUN);
                });
        // every input leaves a trace
        assertThat(audit.records).hasSize(8);
        assertThat(r.timeline().buckets())
                .extracting(ReplayReport.Bucket::start)
                .containsExactly("2024-05-01T12:03:00Z", "2024-05-01T12:07:00Z", "2024-05-01T12:30:00Z");
    }

    @Test
    void theSameFilesInReadingOrderMissTheCorrelation() {
        // what replay without the merge would do: files in name order, the pseudo clock never going back
        Fixtures.samples(dir);
        List<String> fired = new ArrayList<>();
        try (Pipeline p = new Pipeline(
                        new Normalizer(),
                        Fixtures.rules("rules"),
                        new Dispatcher(Fixtures.catalogue(), DispatchSettings.defaults()),
                        new NullAuditSink(),
                        true,
                        true);
                Stream<RawInput> in = EventFiles.read(List.of(dir))) {
            in.filter(x -> !x.failed())
                    .forEach(x -> fired.addAll(p.process(x.json(), x.origin()).rulesFired()));
        }
        assertThat(fired).doesNotContain(BRUTE).contains(ISOLATE, STOPPED);
    }

    @Test
    void sinceAndUntilSkipFactsOutsideTheWindow() {
        ReplayReport r = Fixtures.replayer()
                .run(
                        new Replayer.Input(
                                List.of(Fixtures.samples(dir)),
                                Instant.parse("2024-05-01T12:04:00Z"),
                                Instant.parse("2024-05-01T12:30:00Z"),
                                Fixtures.rules("rules"),
                                null,
                                null),
                        Progress.NONE);
        // in: fail-4, fail-7, gd-medium; out: fail-1, describe-2, gd-high (before), stop-30 (at --until)
        assertThat(r.facts()).isEqualTo(3);
        assertThat(r.outsideWindow()).isEqualTo(4);
        assertThat(r.rules()).allSatisfy(row -> assertThat(row.matches()).isZero());
    }

    @Test
    void decisionsRunOffTheRuleThreadInEventTimeOrder() {
        List<String> threads = new ArrayList<>();
        Collecting audit = new Collecting() {
            @Override
            public void write(AuditRecord r) {
                super.write(r);
                threads.add(Thread.currentThread().getName());
            }
        };
        Fixtures.replayer()
                .run(
                        new Replayer.Input(
                                List.of(Fixtures.samples(dir)), null, null, Fixtures.rules("rules"), null, audit),
                        Progress.NONE);
        assertThat(threads).hasSize(8).allMatch(t -> t.equals("riposte-replay-decisions"));
        List<String> times = audit.records.stream()
                .map(AuditRecord::eventTime)
                .filter(Objects::nonNull)
                .toList();
        assertThat(times).hasSize(7).isSorted();
    }

    @Test
    void anAuditSinkThatFailsFailsTheReplay() {
        AuditSink broken = new AuditSink() {
            @Override
            public void write(AuditRecord r) {
                throw new UncheckedIOException(new IOException("disk full"));
            }
        };
        assertThatThrownBy(() -> Fixtures.replayer()
                        .run(
                                new Replayer.Input(
                                        List.of(Fixtures.samples(dir)),
                                        null,
                                        null,
                                        Fixtures.rules("rules"),
                                        null,
                                        broken),
                                Progress.NONE))
                .hasMessageContaining("riposte-replay-decisions failed")
                .hasRootCauseMessage("disk full");
    }

    @Test
    void sequentialAndParallelReplaysAgree() {
        Fixtures.samples(dir);
        ReplayReport parallel = Fixtures.replayer()
                .workers(2)
                .run(new Replayer.Input(List.of(dir), null, null, Fixtures.rules("rules"), null, null), Progress.NONE);
        ReplayReport inline = Fixtures.replayer()
                .workers(0)
                .run(new Replayer.Input(List.of(dir), null, null, Fixtures.rules("rules"), null, null), Progress.NONE);
        assertThat(inline.rules()).isEqualTo(parallel.rules());
        assertThat(inline.outcomes()).isEqualTo(parallel.outcomes());
        assertThat(inline.timeline()).isEqualTo(parallel.timeline());
    }

    @Test
    void diffListsExactlyTheChangedCommands() {
        ReplayReport r = Fixtures.replayer()
                .run(
                        new Replayer.Input(
                                List.of(Fixtures.samples(dir)),
                                null,
                                null,
                                Fixtures.rules("rules"),
                                Fixtures.rules("rules-next"),
                                null),
                        Progress.NONE);
        ReplayReport.Diff d = r.diff();
        assertThat(d.otherVersion())
                .isEqualTo(Fixtures.rules("rules-next").version())
                .isNotEqualTo(r.rulesVersion());
        assertThat(d.differs()).isTrue();
        assertThat(List.of(d.added(), d.removed(), d.changed())).containsExactly(1L, 1L, 1L);
        assertThat(d.rules()).extracting(ReplayReport.RuleDiff::rule).containsExactly(STOPPED, BRUTE, ISOLATE);
        ReplayReport.Example stopped = d.rules().get(0).examples().get(0);
        assertThat(stopped.change()).isEqualTo("changed");
        assertThat(stopped.eventId()).isEqualTo("ct-stop-30");
        assertThat(stopped.before().params()).containsEntry("message", "CloudTrail stopped");
        assertThat(stopped.after().params()).containsEntry("message", "CloudTrail stopped in us-east-1");
        ReplayReport.Example brute = d.rules().get(1).examples().get(0);
        assertThat(brute.change()).isEqualTo("removed");
        assertThat(brute.eventId()).isEqualTo("ct-fail-7");
        assertThat(brute.before().target()).isEqualTo(Fixtures.ATTACKER);
        assertThat(brute.after()).isNull();
        ReplayReport.Example isolate = d.rules().get(2).examples().get(0);
        assertThat(isolate.change()).isEqualTo("added");
        assertThat(isolate.eventId()).isEqualTo("gd-medium");
        assertThat(isolate.after().action()).isEqualTo("ec2:isolate-instance");
        assertThat(isolate.after().target()).isEqualTo("i-0fedcba9876543210");
    }

    @Test
    void aRuleSetComparedWithItselfHasNoDifference() {
        ReplayReport r = Fixtures.replayer()
                .run(
                        new Replayer.Input(
                                List.of(Fixtures.samples(dir)),
                                null,
                                null,
                                Fixtures.rules("rules"),
                                Fixtures.rules("rules"),
                                null),
                        Progress.NONE);
        assertThat(r.diff().differs()).isFalse();
        assertThat(r.diff().rules()).isEmpty();
    }

    @Test
    void aMissingPathIsAClearError() {
        assertThatThrownBy(() -> Fixtures.replayer()
                        .run(
                                new Replayer.Input(
                                        List.of(dir.resolve("nope")), null, null, Fixtures.rules("rules"), null, null),
                                Progress.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no such file");
    }

    @Test
    void progressLineShowsRateAndEta() {
        assertThat(Progress.line(50_000, 250, 1000, 10_000))
                .isEqualTo("[########......................]  25% 50,000 events  5,000 events/s  ETA 0:30");
        assertThat(Progress.line(0, 0, 1000, 0)).endsWith("ETA --:--");
    }
}
