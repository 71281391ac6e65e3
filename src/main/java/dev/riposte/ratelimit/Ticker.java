package dev.riposte.ratelimit;

import java.util.concurrent.TimeUnit;

/** Time for the buckets, injectable so that tests control it: a monotonic nanosecond reading, and sleeping. */
interface Ticker {

    Ticker SYSTEM = new Ticker() {
        @Override
        public long nanos() {
            return System.nanoTime();
        }

        @Override
        public void sleep(long nanos) throws InterruptedException {
            TimeUnit.NANOSECONDS.sleep(nanos);
        }
    };

    long nanos();

    void sleep(long nanos) throws InterruptedException;
}
