package dev.riposte.source.sqs;

import java.util.Collection;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps events about the same resource from being processed at the same time: each resource key maps to
 * one of a fixed set of locks (striping keeps memory bounded; two resources may share a stripe, which only
 * serializes them). An event with several resources takes its stripes in ascending order, so two events
 * can never wait for each other.
 */
final class ResourceLocks {
    private final ReentrantLock[] stripes;

    ResourceLocks(int count) {
        stripes = new ReentrantLock[count];
        for (int i = 0; i < count; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /** Holds the locks of {@code keys} until closed; waiting can be interrupted (shutdown). */
    Held lock(Collection<String> keys) throws InterruptedException {
        TreeSet<Integer> wanted = new TreeSet<>();
        for (String k : keys) {
            wanted.add(Math.floorMod(k.hashCode(), stripes.length));
        }
        Held held = new Held(new ReentrantLock[wanted.size()]);
        try {
            for (int i : wanted) {
                stripes[i].lockInterruptibly();
                held.locks[held.count++] = stripes[i];
            }
        } catch (InterruptedException e) {
            held.close();
            throw e;
        }
        return held;
    }

    static final class Held implements AutoCloseable {
        private final ReentrantLock[] locks;
        private int count;

        private Held(ReentrantLock[] locks) {
            this.locks = locks;
        }

        @Override
        public void close() {
            for (int i = count - 1; i >= 0; i--) {
                locks[i].unlock();
            }
            count = 0;
        }
    }
}
