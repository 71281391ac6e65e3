package dev.riposte.rules;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the commands a rule file writes, {@code ActionCommand.of("id", target).with("key", value)...}, so that their
 * action ids and parameters can be checked against the action catalogue when the rules load rather than on the first
 * matching event. Only what the text states is known: string, number and boolean literals; anything else (a binding,
 * a method call, a concatenation) is computed when the rule fires and checked at dispatch.
 */
public final class CommandLiterals {

    private static final Pattern OF = Pattern.compile("\\bActionCommand\\s*\\.\\s*of\\s*\\(");
    private static final Pattern WITH = Pattern.compile("\\G\\s*\\.\\s*(with|onceWithin)\\s*\\(");
    private static final Pattern INSERT_BEFORE = Pattern.compile("\\binsert(Logical)?\\s*\\(\\s*$");
    private static final Pattern INTEGER = Pattern.compile("-?\\d{1,18}[lL]?");

    private CommandLiterals() {}

    /**
     * One {@code ActionCommand.of(...)} chain.
     *
     * @param line           line of {@code ActionCommand.of}
     * @param action         the action id, null when not a literal
     * @param targetComputed the target is not a literal ({@code target} is then null)
     * @param params         keys set to literal values (String, Long, Boolean)
     * @param computed       keys set to values computed when the rule fires
     * @param paramLines     line of each key's {@code .with(}
     * @param complete       the chain is the whole argument of {@code insert(...)}: it sets every parameter the
     *                       command will have (a command kept in a variable may get more later)
     */
    public record Command(
            String file,
            int line,
            String action,
            boolean targetComputed,
            String target,
            Map<String, Object> params,
            Set<String> computed,
            Map<String, Integer> paramLines,
            boolean complete) {

        /** The line a problem about parameter {@code key} belongs on: its {@code .with(}, else the command's. */
        public int lineOf(String problem) {
            for (Map.Entry<String, Integer> e : paramLines.entrySet()) {
                if (problem.contains("parameter '" + e.getKey() + "'")) {
                    return e.getValue();
                }
            }
            return line;
        }
    }

    public static List<Command> find(RuleFile file) {
        String src = file.content();
        String masked = DrlText.mask(src);
        List<Command> out = new ArrayList<>();
        Matcher m = OF.matcher(masked);
        while (m.find()) {
            int open = m.end() - 1;
            int close = closing(masked, open);
            if (close < 0) {
                continue; // unbalanced: the compiler reports it
            }
            List<int[]> args = split(masked, open + 1, close);
            if (args.size() != 2) {
                continue;
            }
            Object action = literal(src, args.get(0));
            Object target = literal(src, args.get(1));
            Map<String, Object> params = new LinkedHashMap<>();
            Set<String> computed = new LinkedHashSet<>();
            Map<String, Integer> lines = new LinkedHashMap<>();
            boolean keysKnown = true;
            int end = close + 1;
            Matcher w = WITH.matcher(masked);
            while (w.find(end) && w.start() == end) {
                int wOpen = w.end() - 1;
                int wClose = closing(masked, wOpen);
                if (wClose < 0) {
                    break;
                }
                List<int[]> kv = split(masked, wOpen + 1, wClose);
                end = wClose + 1;
                if (w.group(1).equals("onceWithin")) {
                    continue; // not a parameter: the chain goes on
                }
                if (kv.size() != 2 || !(literal(src, kv.get(0)) instanceof String key)) {
                    keysKnown = false;
                    continue;
                }
                Object value = literal(src, kv.get(1));
                lines.put(
                        key,
                        DrlText.lineOf(
                                src, w.start() + masked.substring(w.start()).indexOf('.')));
                if (value == COMPUTED || value == null) { // with(k, null) is left out: like a value not known yet
                    params.remove(key);
                    computed.add(key);
                } else {
                    computed.remove(key);
                    params.put(key, value);
                }
            }
            boolean complete = keysKnown
                    && INSERT_BEFORE
                            .matcher(masked.substring(Math.max(0, m.start() - 40), m.start()))
                            .find()
                    && nextNonSpace(masked, end) == ')';
            out.add(new Command(
                    file.path(),
                    DrlText.lineOf(src, m.start()),
                    action instanceof String a ? a : null,
                    target == COMPUTED,
                    target instanceof String t ? t : null,
                    Collections.unmodifiableMap(params),
                    Collections.unmodifiableSet(computed),
                    Collections.unmodifiableMap(lines),
                    complete));
        }
        return out;
    }

    /** Stands for a value not written as a literal. */
    private static final Object COMPUTED = new Object();

    /** The literal value of the text in {@code span}: String, Long, Boolean, null, or {@link #COMPUTED}. */
    private static Object literal(String src, int[] span) {
        String t = src.substring(span[0], span[1]).strip();
        if (t.equals("null")) {
            return null;
        }
        if (t.equals("true") || t.equals("false")) {
            return Boolean.valueOf(t);
        }
        if (INTEGER.matcher(t).matches()) {
            return Long.valueOf(t.endsWith("l") || t.endsWith("L") ? t.substring(0, t.length() - 1) : t);
        }
        if (t.length() >= 2 && t.charAt(0) == '"' && closingQuote(t) == t.length() - 1) {
            return unescape(t.substring(1, t.length() - 1));
        }
        return COMPUTED;
    }

    private static int closingQuote(String t) {
        for (int i = 1; i < t.length(); i++) {
            if (t.charAt(i) == '\\') {
                i++;
            } else if (t.charAt(i) == '"') {
                return i;
            }
        }
        return -1;
    }

    private static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                b.append(
                        switch (n) {
                            case 'n' -> '\n';
                            case 't' -> '\t';
                            default -> n;
                        });
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** Index of the bracket closing the one at {@code open} (masked text: strings and comments hold no brackets). */
    private static int closing(String masked, int open) {
        int depth = 0;
        for (int i = open; i < masked.length(); i++) {
            char c = masked.charAt(i);
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                if (--depth == 0) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** Top-level comma-separated spans of {@code masked[from, to)}. */
    private static List<int[]> split(String masked, int from, int to) {
        List<int[]> spans = new ArrayList<>();
        int depth = 0;
        int start = from;
        for (int i = from; i < to; i++) {
            char c = masked.charAt(i);
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == ',' && depth == 0) {
                spans.add(new int[] {start, i});
                start = i + 1;
            }
        }
        if (!masked.substring(start, to).isBlank() || !spans.isEmpty()) {
            spans.add(new int[] {start, to});
        }
        return spans;
    }

    private static char nextNonSpace(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (!Character.isWhitespace(s.charAt(i))) {
                return s.charAt(i);
            }
        }
        return 0;
    }
}
