package dev.riposte.idempotency;

/** What makes two commands "the same": the triggering event, the action and its target (empty when none). */
record Key(String eventId, String action, String target) {

    Key {
        target = target == null ? "" : target;
    }

    @Override
    public String toString() {
        return action + " on " + (target.isEmpty() ? "-" : target) + " for event " + eventId;
    }
}
