package dev.riposte.idempotency;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One lock per key, held only while a caller uses it: callers on the same key take turns, callers on different keys
 * never wait for each other. A lock lives only while someone holds or waits for it, so memory follows the keys in use,
 * not every key ever seen.
 */
final class KeyLocks<K> {
    private final Map<K, Holder> locks = new HashMap<>();

    private static final class Holder {
        final ReentrantLock lock = new ReentrantLock();
        int users; // guarded by the map
    }

    /** Runs {@code body} holding the lock of {@code key}. */
    <T> T with(K key, Supplier<T> body) {
        Holder h;
        synchronized (locks) {
            h = locks.computeIfAbsent(key, k -> new Holder());
            h.users++;
        }
        h.lock.lock();
        try {
            return body.get();
        } finally {
            h.lock.unlock();
            synchronized (locks) {
                if (--h.users == 0) {
                    locks.remove(key);
                }
            }
        }
    }

    /** Keys whose lock is held or waited for now. */
    int inUse() {
        synchronized (locks) {
            return locks.size();
        }
    }
}
