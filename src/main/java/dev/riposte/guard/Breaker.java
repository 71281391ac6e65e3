package dev.riposte.guard;

import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.DispatchCheck;
import dev.riposte.dispatch.DispatchResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The blast-radius breaker: at most {@code limit} live mutating actions per sliding window in all accounts
 * together, and {@code perAccountLimit} in one account. The action that would exceed a limit opens it; while
 * open, every live mutating command is parked (outcome {@code breaker-open}, kept in the parked file) until an
 * operator resets it. Opening sends one alert. Dry-run, shadow, read-only and notification commands are
 * neither counted nor parked. The state lives in a file, re-read before each decision, so it survives a
 * restart and a reset by another process ({@code riposte breaker reset}) takes effect at once.
 * Public: the CLI and the admin API show and reset it.
 */
public final class Breaker implements DispatchCheck {
    private static final Logger LOG = Logger.getLogger(Breaker.class.getName());
    private static final Set<String> STOPPED_LATER = Set.of("rate-limited", "deduplicated", "cooldown", "exempt",
            "breaker-open");

    private final GuardSettings settings;
    private final BreakerStore store;
    private final List<AlertSink> alerts;
    private final Clock clock;
    // attempts counted in before() and not yet seen in after(): a later check may still stop them
    private final Map<Attempt, Instant> counted = new IdentityHashMap<>();

    public Breaker(GuardSettings settings, List<AlertSink> alerts, Clock clock) {
        this.settings = settings;
        this.store = new BreakerStore(settings.stateDir());
        this.alerts = List.copyOf(alerts);
        this.clock = clock;
    }

    @Override
    public synchronized Optional<Stop> before(Attempt attempt) {
        if (!attempt.live() || !attempt.spec().mutating()) {
            return Optional.empty();
        }
        ActionContext ctx = attempt.context();
        String account = ctx.account() == null ? "unknown" : ctx.account();
        Instant now = clock.instant();
        BreakerState s = store.read();
        List<BreakerState.Mutation> recent = inWindow(s.recent(), now);
        String blocked = s.open() ? s.reason() : s.openAccounts().get(account);
        boolean opening = false;
        if (blocked == null) {
            long inAccount = recent.stream().filter(m -> account.equals(m.account())).count();
            if (recent.size() >= settings.breakerLimit()) {
                blocked = recent.size() + " live mutating actions within " + settings.breakerWindow()
                        + " (riposte.breaker.limit " + settings.breakerLimit() + ")";
                s = new BreakerState(true, s.openAccounts(), now.toString(), blocked, s.parked(), recent, s.resetBy(), s.resetAt());
                opening = true;
            } else if (inAccount >= settings.perAccountLimit()) {
                blocked = inAccount + " live mutating actions in account " + account + " within " + settings.breakerWindow()
                        + " (riposte.breaker.per-account-limit " + settings.perAccountLimit() + ")";
                Map<String, String> accounts = new LinkedHashMap<>(s.openAccounts());
                accounts.put(account, blocked);
                s = new BreakerState(s.open(), accounts, s.openedAt() == null ? now.toString() : s.openedAt(),
                        s.reason() == null ? blocked : s.reason(), s.parked(), recent, s.resetBy(), s.resetAt());
                opening = true;
            }
        }
        if (blocked == null) {
            List<BreakerState.Mutation> next = new ArrayList<>(recent);
            next.add(new BreakerState.Mutation(now.toString(), account));
            store.write(new BreakerState(false, s.openAccounts(), s.openedAt(), s.reason(), s.parked(), next, s.resetBy(), s.resetAt()));
            counted.put(attempt, now);
            return Optional.empty();
        }
        String reason = "breaker open: " + blocked + "; parked in " + store.parkedFile() + " until an operator resets it";
        store.park(parkedRecord(attempt, now, blocked));
        store.write(new BreakerState(s.open(), s.openAccounts(), s.openedAt(), s.reason(), s.parked() + 1, recent,
                s.resetBy(), s.resetAt()));
        if (opening) {
            alert(attempt, blocked, now);
        }
        return Optional.of(new Stop("breaker-open", reason));
    }

    /** An attempt a later check stopped never reached AWS: it gives its place in the window back. */
    @Override
    public synchronized void after(Attempt attempt, DispatchResult result) {
        Instant at = counted.remove(attempt);
        if (at == null || !STOPPED_LATER.contains(result.outcome())) {
            return;
        }
        BreakerState s = store.read();
        List<BreakerState.Mutation> recent = new ArrayList<>(s.recent());
        String account = attempt.context().account() == null ? "unknown" : attempt.context().account();
        recent.remove(new BreakerState.Mutation(at.toString(), account));
        store.write(new BreakerState(s.open(), s.openAccounts(), s.openedAt(), s.reason(), s.parked(), recent, s.resetBy(), s.resetAt()));
    }

    public synchronized BreakerStatus status() {
        BreakerState s = store.read();
        Map<String, String> lastReset = s.resetBy() == null ? null : Map.of("by", s.resetBy(), "at", String.valueOf(s.resetAt()));
        return new BreakerStatus(s.open() || !s.openAccounts().isEmpty(), s.openAccounts(), s.openedAt(), s.reason(), s.parked(),
                inWindow(s.recent(), clock.instant()).size(), settings.breakerLimit(), settings.perAccountLimit(),
                settings.breakerWindow().toString(), store.parkedFile().toString(), lastReset);
    }

    /**
     * Closes the breaker and starts a fresh window (the actions that opened it no longer count). Parked commands
     * stay in the parked file for the operator to review; they are not re-run.
     *
     * @param who the operator, recorded in the state and the log
     */
    public synchronized BreakerStatus reset(String who) {
        if (who == null || who.isBlank()) {
            throw new IllegalArgumentException("say who resets the breaker");
        }
        BreakerState before = store.read();
        Instant now = clock.instant();
        store.write(new BreakerState(false, Map.of(), null, null, 0, List.of(), who, now.toString()));
        counted.clear();
        LOG.warning(() -> "blast-radius breaker reset by " + who + " (was " + (before.open() || !before.openAccounts().isEmpty()
                ? "open: " + before.reason() + ", " + before.parked() + " parked" : "closed") + ")");
        return status();
    }

    private List<BreakerState.Mutation> inWindow(List<BreakerState.Mutation> all, Instant now) {
        Instant from = now.minus(settings.breakerWindow());
        List<BreakerState.Mutation> out = new ArrayList<>();
        for (BreakerState.Mutation m : all) {
            if (Instant.parse(m.time()).isAfter(from)) {
                out.add(m);
            }
        }
        return out;
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
        details.put("parkedFile", store.parkedFile().toString());
        AlertSink.Alert a = new AlertSink.Alert("breaker-open", "Riposte blast-radius breaker OPEN: " + why
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
