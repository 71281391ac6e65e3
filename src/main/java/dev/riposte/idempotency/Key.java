package dev.riposte.idempotency;

/**
 * What makes two commands "the same" for idempotency: the triggering event, the action, its target (empty when none)
 * and its parameters (the SHA-256 of their canonical JSON). {@code params} is null only for a record written before parameters were part of
 * the key: such a record stands for the command with any parameters (see {@link #legacy()}).
 */
record Key(String eventId, String action, String target, String params) {

    Key {
        target = target == null ? "" : target;
    }

    /** The key an older record of this command was written under, without its parameters. */
    Key legacy() {
        return new Key(eventId, action, target, null);
    }

    boolean isLegacy() {
        return params == null;
    }

    /**
     * The record's id in the state backend: the parts joined by '|' (escaped where a part holds one); three parts for a
     * legacy key, which is the id records of the file format before the state backend are read back under.
     */
    String id() {
        String id = esc(eventId) + "|" + esc(action) + "|" + esc(target);
        return params == null ? id : id + "|" + esc(params);
    }

    private static String esc(String s) {
        return s.replace("%", "%25").replace("|", "%7C");
    }

    @Override
    public String toString() {
        return action + " on " + (target.isEmpty() ? "-" : target) + (params == null ? "" : " with " + params)
                + " for event " + eventId;
    }
}
