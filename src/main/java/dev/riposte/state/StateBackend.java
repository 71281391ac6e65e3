package dev.riposte.state;

/**
 * The state that makes dispatch safe, behind one interface: {@code riposte.state.backend=file} (one process, files
 * in {@code riposte.state.dir}) or {@code dynamodb} (one table shared by every replica). Every write that decides
 * something is conditional, so the answers hold across threads and replicas.
 */
public interface StateBackend extends AutoCloseable {

    IdempotencyRecords idempotency();

    BreakerStore breaker();

    Cooldowns cooldowns();

    /** The correlation journal the rules owner keeps and a new session is warmed from. */
    Journal journal();

    /** Playbook steps waiting for approval: decided on any replica, carried out by the owner of the rules. */
    ApprovalStore approvals();

    /** For logs and health: where the state is. */
    String describe();

    @Override
    void close();
}
