package dev.riposte.idempotency;

/** What makes two commands "the same": the triggering event, the action and its target (empty when none). */
record Key(String eventId, String action, String target) {

    Key {
        target = target == null ? "" : target;
    }

    /** The record's id in the state backend: the parts joined by '|' (escaped where a part holds one). */
    String id() {
        return esc(eventId) + "|" + esc(action) + "|" + esc(target);
    }

    private static String esc(String s) {
        return s.replace("%", "%25").replace("|", "%7C");
    }

    @Override
    public String toString() {
        return action + " on " + (target.isEmpty() ? "-" : target) + " for event " + eventId;
    }
}
