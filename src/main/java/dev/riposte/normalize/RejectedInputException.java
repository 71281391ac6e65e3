package dev.riposte.normalize;

/**
 * An input that cannot become facts (not JSON, unknown shape, too large, too deeply nested, a
 * required field missing or of the wrong type). {@link #getMessage()} is one line meant for people:
 * it goes into the audit record, the quarantine and {@code riposte normalize} output.
 */
public final class RejectedInputException extends Exception {
    private static final long serialVersionUID = 1L;

    public RejectedInputException(String reason) {
        super(oneLine(reason), null, false, false);
    }

    /** The one-line reason (same as {@link #getMessage()}). */
    public String reason() {
        return getMessage();
    }

    private static String oneLine(String s) {
        if (s == null || s.isBlank()) {
            return "rejected";
        }
        String flat = s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
        return flat.length() > 300 ? flat.substring(0, 297) + "..." : flat;
    }
}
