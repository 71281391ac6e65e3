package dev.riposte.aws.dynamodb;

/** The waits between tries of a DynamoDB write or read that was throttled, conflicted or left items unprocessed. */
final class Backoff {
    private Backoff() {}

    /**
     * Sleeps {@code baseMillis << attempt}, at most a second; an interrupt (shutdown) ends the tries with an exception
     * naming {@code doing}, so nothing is decided on a half-done write or read.
     */
    static void pause(int attempt, long baseMillis, String doing) {
        try {
            Thread.sleep(Math.min(1000, baseMillis << attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + doing, e);
        }
    }
}
