package dev.riposte.state.file;

import dev.riposte.state.ApprovalStore;
import dev.riposte.state.BreakerStore;
import dev.riposte.state.Cooldowns;
import dev.riposte.state.IdempotencyRecords;
import dev.riposte.state.Journal;
import dev.riposte.state.StateBackend;
import java.nio.file.Path;

/**
 * The embedded backend ({@code riposte.state.backend=file}, the default): files in {@code riposte.state.dir} for one
 * process. Nothing is created until a live command needs it. Public: the wiring and tests build it.
 */
public final class FileStateBackend implements StateBackend {
    private final Path dir;
    private final FileIdempotencyRecords idempotency;
    private final FileBreakerStore breaker;
    private final FileCooldowns cooldowns = new FileCooldowns();
    private final FileJournal journal;
    private final ApprovalStore approvals = ApprovalStore.inMemory();

    public FileStateBackend(Path dir) {
        this.dir = dir;
        this.idempotency = new FileIdempotencyRecords(dir);
        this.breaker = new FileBreakerStore(dir);
        this.journal = new FileJournal(dir);
    }

    @Override
    public IdempotencyRecords idempotency() {
        return idempotency;
    }

    @Override
    public BreakerStore breaker() {
        return breaker;
    }

    @Override
    public Cooldowns cooldowns() {
        return cooldowns;
    }

    /** In memory, as cooldowns: one process decides and carries out; a restart drops what was pending. */
    @Override
    public ApprovalStore approvals() {
        return approvals;
    }

    @Override
    public Journal journal() {
        return journal;
    }

    @Override
    public String describe() {
        return "files in " + dir.toAbsolutePath();
    }

    @Override
    public void close() {
        idempotency.close();
        journal.close();
    }
}
