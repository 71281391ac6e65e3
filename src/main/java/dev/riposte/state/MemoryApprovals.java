package dev.riposte.state;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Approvals of one process, in memory; a carried-out step is kept until its expiry, to answer a late second decision. */
final class MemoryApprovals implements ApprovalStore {
    private final Map<String, Approval> approvals = new LinkedHashMap<>();

    @Override
    public synchronized void add(String id, Instant created, Instant expires, String payload) {
        if (approvals.putIfAbsent(
                        id, new Approval(id, created, expires, Status.PENDING, null, null, null, false, payload))
                != null) {
            throw new IllegalArgumentException("approval " + id + " exists already");
        }
    }

    @Override
    public synchronized Optional<Approval> get(String id) {
        return Optional.ofNullable(approvals.get(id));
    }

    @Override
    public synchronized List<Approval> pending(Instant now) {
        return approvals.values().stream()
                .filter(a -> a.status() == Status.PENDING && a.expires().isAfter(now))
                .sorted(Comparator.comparing(Approval::created))
                .toList();
    }

    @Override
    public synchronized Decision decide(String id, Status decision, String who, Instant now) {
        Approval a = approvals.get(id);
        if (a == null || a.status() != Status.PENDING || !a.expires().isAfter(now)) {
            return new Decision(false, Optional.ofNullable(a));
        }
        approvals.put(id, new Approval(id, a.created(), a.expires(), decision, who, now, null, false, a.payload()));
        return new Decision(true, Optional.of(approvals.get(id)));
    }

    @Override
    public synchronized void expire(Instant now) {
        approvals.values().removeIf(a -> a.done() && !a.expires().isAfter(now));
        approvals.replaceAll((id, a) -> a.status() == Status.PENDING
                        && !a.expires().isAfter(now)
                ? new Approval(id, a.created(), a.expires(), Status.EXPIRED, null, now, null, false, a.payload())
                : a);
    }

    @Override
    public synchronized List<Approval> decided(Instant now) {
        return approvals.values().stream()
                .filter(a -> a.status() != Status.PENDING && !a.done() && !claimed(a, now))
                .sorted(Comparator.comparing(Approval::decidedAt))
                .toList();
    }

    @Override
    public synchronized boolean claim(String id, Instant now, Duration holdFor) {
        Approval a = approvals.get(id);
        if (a == null || a.status() == Status.PENDING || a.done() || claimed(a, now)) {
            return false;
        }
        approvals.put(
                id,
                new Approval(
                        id,
                        a.created(),
                        a.expires(),
                        a.status(),
                        a.decidedBy(),
                        a.decidedAt(),
                        now.plus(holdFor),
                        false,
                        a.payload()));
        return true;
    }

    @Override
    public synchronized void done(String id, Instant now) {
        approvals.computeIfPresent(
                id,
                (k, a) -> new Approval(
                        id,
                        a.created(),
                        a.expires(),
                        a.status(),
                        a.decidedBy(),
                        a.decidedAt(),
                        a.claimedUntil(),
                        true,
                        a.payload()));
    }

    private static boolean claimed(Approval a, Instant now) {
        return a.claimedUntil() != null && a.claimedUntil().isAfter(now);
    }
}
