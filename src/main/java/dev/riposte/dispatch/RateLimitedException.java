package dev.riposte.dispatch;

/**
 * A read that a command depends on could not have its rate-limit token in time. Thrown by a {@link TagReader}; the
 * guard rails then stop the command as {@code rate-limited}, so it is deferred like one whose own calls are limited
 * rather than skipped. Public SPI: the aws package throws it.
 */
public final class RateLimitedException extends RuntimeException {
    public RateLimitedException(String message, Throwable cause) {
        super(message, cause);
    }
}
