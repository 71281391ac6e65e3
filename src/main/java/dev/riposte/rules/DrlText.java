package dev.riposte.rules;

/** Text helpers for scanning DRL without being fooled by comments or string literals. */
final class DrlText {

    private DrlText() {}

    /**
     * The same text with comments blanked and string-literal contents blanked (quotes kept),
     * keeping every offset and line break, so matches map back to the original line.
     */
    static String mask(String src) {
        char[] out = src.toCharArray();
        int n = out.length;
        int i = 0;
        while (i < n) {
            char c = src.charAt(i);
            if (c == '/' && i + 1 < n && src.charAt(i + 1) == '/') {
                while (i < n && src.charAt(i) != '\n') {
                    out[i++] = ' ';
                }
            } else if (c == '/' && i + 1 < n && src.charAt(i + 1) == '*') {
                int end = src.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                for (; i < end; i++) {
                    out[i] = blank(src.charAt(i));
                }
            } else if (c == '"' || c == '\'') {
                i++;
                while (i < n && src.charAt(i) != c && src.charAt(i) != '\n') {
                    if (src.charAt(i) == '\\' && i + 1 < n) {
                        out[i++] = ' ';
                    }
                    out[i] = blank(src.charAt(i));
                    i++;
                }
                i++; // closing quote stays
            } else {
                i++;
            }
        }
        return new String(out);
    }

    private static char blank(char c) {
        return c == '\n' ? '\n' : ' ';
    }

    /** 1-based line of {@code offset}. */
    static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
