package dev.riposte.normalize;

/**
 * Unchecked carrier of a rejection reason inside the package, so mappers can stay free of
 * checked-exception plumbing; {@link Normalizer} turns it into {@link RejectedInputException}.
 */
final class BadInput extends RuntimeException {
    BadInput(String reason) {
        super(reason, null, false, false);
    }
}
