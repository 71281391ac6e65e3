package dev.riposte.guard;

import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.DispatchCheck;
import dev.riposte.dispatch.DispatchResult;
import dev.riposte.state.BreakerRecord;
import dev.riposte.state.BreakerStore;
import dev.riposte.state.BreakerWindow;
import dev.riposte.state.Unavailable;
import dev.riposte.state.file.FileStateBackend;
import dev.riposte.text.Human;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The blast-radius breaker: at most {@code limit} live mutating actions per sliding window in all accounts
 * together, and {@code perAccountLimit} in one account. The action that would exceed a limit opens it; while
 * open, every live mutating command is parked (outcome {@code breaker-open}, kept in the parked file) until an
 * operator resets it. Opening sends one alert. Dry-run, shadow, read-only and notification commands are
 * neither counted nor parked. The state lives in the state backend (a file, or one DynamoDB item shared by every
 * replica), re-read before each decision and written only if unchanged since, so it survives a restart, the limit holds
 * across replicas, and a reset by another process ({@code riposte breaker reset}) takes effect at once. The window is
 * counted in {@value #BUCKETS} buckets ({@link BreakerWindow}), so the state stays small however busy the window, and
 * the count errs upwards by at most one bucket: the limit is never passed.
 * Public: the CLI and the admin API show and reset it.
 */
public final class Breaker implements DispatchCheck {
    private static final Logger LOG = Logger.getLogger(Breaker.class.getName());
    private static final Set<Outcome> STOPPED_LATER = EnumSet.of(
            Outcome.RATE_LIMITED, Outcome.DEDUPLICATED, Outcome.COOLDOWN, Outcome.EXEMPT, Outcome.BREAKER_OPEN);

    private final GuardSettings settings;
    private final BreakerStore store;
    private final List<AlertSink> alerts;
    private final Clock clock;
    // attempts counted in before() and not yet seen in after(): a later check may still stop them
    private final Map<Attempt, Instant> counted = Collections.synchronizedMap(new IdentityHashMap<>());
    /**
     * This process's decisions on the one breaker item take turns: two of its own workers would only lose compare and
     * sets to each other and read again. It is held for the item's read and write alone (not for commands the breaker
     * does not count, nor for {@link #status}); the limit itself rests on the conditional write, across replicas.
     */
    private final ReentrantLock turn = new ReentrantLock();

    private static final int MAX_TRIES = 50;
    /** Buckets per window: the state stays this many counts (per account kept) however many mutations it holds. */
    static final int BUCKETS = 60;

    /** On the files in {@code settings.stateDir()}. */
    public Breaker(GuardSettings settings, List<AlertSink> alerts, Clock clock) {
        this(settings, new FileStateBackend(settings.stateDir()).breaker(), alerts, clock);
    }

    /** On a state backend's breaker store (shared by replicas with DynamoDB). */
    public Breaker(GuardSettings settings, BreakerStore store, List<AlertSink> alerts, Clock clock) {
        this.settings = settings;
        this.store = store;
        this.alerts = List.copyOf(alerts);
        this.clock = clock;
    }

    /**
     * A breaker for replay's simulation of live: the same limits on {@code clock} (event time), its state in memory
     * (never the state of {@code serve}), no alert. It stays open once opened: no operator resets it in a replay.
     */
    public static Breaker simulation(GuardSettings settings, Clock clock) {
        return new Breaker(settings, new InMemory(), List.of(), clock);
    }

    /** The state of a simulated breaker: one process, one thread; parked commands are only counted. */
    private static final class InMemory implements BreakerStore {
        private BreakerRecord state = BreakerRecord.closed();

        @Override
        public BreakerRecord read() {
            return state;
        }

        @Override
        public boolean compareAndSet(long expectedVersion, BreakerRecord next) {
            if (state.version() != expectedVersion) {
                return false;
            }
            state = next.withVersion(expectedVersion + 1);
            return true;
        }

        @Override
        public void park(Map<String, Object> command) {
            // the record's parked count is all a simulation reports
        }

        @Override
        public String parkedLocation() {
            return "the replay's simulation (in memory)";
        }
    }

    /** What one decision does to the state, and what it answers. */
    private record Decision(BreakerRecord next, Optional<Stop> stop, String blocked, boolean opened) {}

    /**
     * Each decision is read, computed and written only if no other writer came in between (compare and set), else
     * decided again on the fresh state: the limit holds across replicas.
     */
    private Decision decide(Function<BreakerRecord, Decision> how) {
        turn.lock();
        try {
            for (int i = 0; i < MAX_TRIES; i++) {
                BreakerRecord s = store.read();
                Decision d = how.apply(s);
                if (d.next() == null || store.compareAndSet(s.version(), d.next())) {
                    return d;
                }
            }
        } finally {
            turn.unlock();
        }
        throw new IllegalStateException(
                "the breaker state changed under " + MAX_TRIES + " tries in a row; not deciding without it");
    }

    @Override
    public Optional<Stop> before(Attempt attempt) {
        if (!attempt.live() || !attempt.spec().mutating()) {
            return Optional.empty();
        }
        ActionContext ctx = attempt.context();
        String account = ctx.account() == null ? "unknown" : ctx.account();
        Instant now = clock.instant();
        Decision d;
        try {
            d = decide(s -> decision(s, account, now));
        } catch (RuntimeException e) {
            // the limit holds for the fleet only if every count is recorded: without the state, nothing is counted or
            // run
            return Optional.of(new Stop(Unavailable.OUTCOME, Unavailable.reason("the breaker", e)));
        }
        if (d.stop().isEmpty()) {
            counted.put(attempt, now);
            return Optional.empty();
        }
        store.park(parkedRecord(attempt, now, d.blocked()));
        if (d.opened()) {
            alert(attempt, d.blocked(), now);
        }
        return d.stop();
    }

    private Decision decision(BreakerRecord s, String account, Instant now) {
        BreakerWindow window = window(s, now);
        String blocked = s.open() ? s.reason() : s.openAccounts().get(account);
        boolean open = s.open();
        Map<String, String> accounts = s.openAccounts();
        String openedAt = s.openedAt();
        String reason = s.reason();
        boolean opening = false;
        if (blocked == null) {
            int inAll = window.total();
            int inAccount = perAccount() ? window.in(account) : 0;
            if (inAll >= settings.breakerLimit()) {
                blocked = inAll + " live mutating actions within " + Human.duration(settings.breakerWindow())
                        + " (riposte.breaker.limit " + settings.breakerLimit() + ")";
                open = true;
                openedAt = now.toString();
                reason = blocked;
                opening = true;
            } else if (inAccount >= settings.perAccountLimit()) {
                blocked = inAccount + " live mutating actions in account " + account + " within "
                        + Human.duration(settings.breakerWindow()) + " (riposte.breaker.per-account-limit "
                        + settings.perAccountLimit() + ")";
                accounts = new LinkedHashMap<>(accounts);
                accounts.put(account, blocked);
                openedAt = openedAt == null ? now.toString() : openedAt;
                reason = reason == null ? blocked : reason;
                opening = true;
            }
        }
        if (blocked == null) {
            return new Decision(
                    state(s, open, accounts, openedAt, reason, s.parked(), window.plus(now, account, 1, perAccount())),
                    Optional.empty(),
                    null,
                    false);
        }
        String why =
                "breaker open: " + blocked + "; parked in " + store.parkedLocation() + " until an operator resets it";
        return new Decision(
                state(s, open, accounts, openedAt, reason, s.parked() + 1, window),
                Optional.of(new Stop(Outcome.BREAKER_OPEN, why)),
                blocked,
                opening);
    }

    /** {@code s} changed as given, its mutations in {@code window} alone (none one by one any more). */
    private static BreakerRecord state(
            BreakerRecord s,
            boolean open,
            Map<String, String> accounts,
            String openedAt,
            String reason,
            long parked,
            BreakerWindow window) {
        return new BreakerRecord(
                s.version(), open, accounts, openedAt, reason, parked, window, s.resetBy(), s.resetAt(), List.of());
    }

    /** Buckets a sixtieth of the window wide: the count errs by at most one bucket's mutations, always upwards. */
    private long bucketMillis() {
        return Math.max(1, settings.breakerWindow().toMillis() / BUCKETS);
    }

    /** Counts per account only while the per-account limit can trip before the global one. */
    private boolean perAccount() {
        return settings.perAccountLimit() < settings.breakerLimit();
    }

    /**
     * The mutations of {@code s} still in the window at {@code now}, in this configuration's buckets: a state of an
     * earlier version (mutations one by one) or with other buckets (the window was configured anew) is counted in,
     * never undercounted.
     */
    private BreakerWindow window(BreakerRecord s, Instant now) {
        long width = bucketMillis();
        BreakerWindow w =
                s.window() == null ? BreakerWindow.empty(width) : s.window().rebucket(width);
        Instant from = now.minus(settings.breakerWindow());
        List<BreakerRecord.Mutation> oneByOne = s.recent().stream()
                .filter(m -> Instant.parse(m.time()).isAfter(from))
                .sorted(Comparator.comparing(m -> Instant.parse(m.time())))
                .toList();
        for (BreakerRecord.Mutation m : oneByOne) { // oldest first: each lands in its own bucket
            w = w.plus(Instant.parse(m.time()), m.account() == null ? "unknown" : m.account(), 1, true);
        }
        if (!perAccount()) {
            w = w.withoutAccounts();
        }
        return w.since(from);
    }

    /** An attempt a later check stopped never reached AWS: it gives its place in the window back. */
    @Override
    public void after(Attempt attempt, DispatchResult result) {
        Instant at = counted.remove(attempt);
        if (at == null || !STOPPED_LATER.contains(result.outcome())) {
            return;
        }
        String account = attempt.context().account() == null
                ? "unknown"
                : attempt.context().account();
        try {
            Instant now = clock.instant();
            decide(s -> new Decision(
                    state(
                            s,
                            s.open(),
                            s.openAccounts(),
                            s.openedAt(),
                            s.reason(),
                            s.parked(),
                            window(s, now).minus(at, account)),
                    Optional.empty(),
                    null,
                    false));
        } catch (RuntimeException e) {
            LOG.warning(() ->
                    "cannot give back the breaker place of a stopped attempt (it counts until the window passes): "
                            + e.getMessage());
        }
    }

    public BreakerStatus status() {
        BreakerRecord s = store.read();
        Map<String, String> lastReset =
                s.resetBy() == null ? null : Map.of("by", s.resetBy(), "at", String.valueOf(s.resetAt()));
        return new BreakerStatus(
                s.open() || !s.openAccounts().isEmpty(),
                s.openAccounts(),
                s.openedAt(),
                s.reason(),
                s.parked(),
                window(s, clock.instant()).total(),
                settings.breakerLimit(),
                settings.perAccountLimit(),
                settings.breakerWindow().toString(),
                store.parkedLocation(),
                lastReset);
    }

    /**
     * Closes the breaker and starts a fresh window (the actions that opened it no longer count). Parked commands
     * stay where they were parked for the operator to review; they are not re-run.
     *
     * @param who the operator, recorded in the state and the log
     */
    public BreakerStatus reset(String who) {
        if (who == null || who.isBlank()) {
            throw new IllegalArgumentException("say who resets the breaker");
        }
        Instant now = clock.instant();
        BreakerRecord[] before = new BreakerRecord[1];
        decide(s -> {
            before[0] = s;
            return new Decision(
                    new BreakerRecord(
                            s.version(),
                            false,
                            Map.of(),
                            null,
                            null,
                            0,
                            BreakerWindow.empty(bucketMillis()),
                            who,
                            now.toString(),
                            List.of()),
                    Optional.empty(),
                    null,
                    false);
        });
        counted.clear();
        BreakerRecord b = before[0];
        LOG.warning(() -> "blast-radius breaker reset by " + who + " (was "
                + (b.open() || !b.openAccounts().isEmpty()
                        ? "open: " + b.reason() + ", " + b.parked() + " parked"
                        : "closed")
                + ")");
        return status();
    }

    private static Map<String, Object> parkedRecord(Attempt attempt, Instant now, String why) {
        ActionContext ctx = attempt.context();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", now.toString());
        m.put("eventId", ctx.event() == null ? null : ctx.event().id());
        m.put("action", ctx.command().action());
        m.put("target", ctx.target());
        m.put("params", ctx.command().params());
        m.put("account", ctx.account());
        m.put("region", ctx.region());
        m.put("reason", why);
        return m;
    }

    private void alert(Attempt attempt, String why, Instant now) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("openedAt", now.toString());
        details.put("limit", settings.breakerLimit());
        details.put("perAccountLimit", settings.perAccountLimit());
        details.put("window", settings.breakerWindow().toString());
        details.put("firstParked", attempt.spec().id() + " " + attempt.context().target());
        details.put("parkedFile", store.parkedLocation());
        AlertSink.Alert a = new AlertSink.Alert(
                "breaker-open",
                "Riposte blast-radius breaker OPEN: " + why
                        + ". Live mutating actions are parked until an operator runs `riposte breaker reset` or POST /admin/breaker/reset.",
                details);
        for (AlertSink sink : alerts) {
            try {
                sink.alert(a);
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "alert sink " + sink.getClass().getName() + " failed: " + e.getMessage(), e);
            }
        }
    }
}
