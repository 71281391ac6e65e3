package dev.riposte.playbook;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A step's {@code when}: comparisons of references and literals joined by {@code &&} and {@code ||}
 * ({@code &&} binds tighter; no parentheses), e.g. {@code ${event.severity} >= 7 && ${resource.tags.env} != "dev"}.
 * A lone operand is true when it has a value other than false, "" or "false"; {@code !} negates one. Missing
 * values compare as null: {@code ${principal.accessKeyId} != null}. Ordering operators compare numbers only.
 */
final class Condition {
    private static final List<String> OPS = List.of("==", "!=", ">=", "<=", ">", "<");
    private final String text;
    private final List<List<Clause>> anyOf; // OR of ANDs

    private Condition(String text, List<List<Clause>> anyOf) {
        this.text = text;
        this.anyOf = anyOf;
    }

    private record Operand(String ref, Object literal) {
        Object value(Map<String, Object> facts) {
            return ref != null ? References.lookup(facts, ref) : literal;
        }
    }

    private record Clause(boolean not, Operand left, String op, Operand right) {}

    String text() {
        return text;
    }

    List<String> refs() {
        List<String> out = new ArrayList<>();
        for (List<Clause> all : anyOf) {
            for (Clause c : all) {
                if (c.left.ref != null) {
                    out.add(c.left.ref);
                }
                if (c.right != null && c.right.ref != null) {
                    out.add(c.right.ref);
                }
            }
        }
        return out;
    }

    boolean test(Map<String, Object> facts) {
        for (List<Clause> all : anyOf) {
            boolean ok = true;
            for (Clause c : all) {
                ok &= eval(c, facts);
            }
            if (ok) {
                return true;
            }
        }
        return false;
    }

    private static boolean eval(Clause c, Map<String, Object> facts) {
        Object l = c.left.value(facts);
        if (c.op == null) {
            return c.not != truthy(l);
        }
        Object r = c.right.value(facts);
        return switch (c.op) {
            case "==" -> same(l, r);
            case "!=" -> !same(l, r);
            default -> {
                BigDecimal a = number(l);
                BigDecimal b = number(r);
                if (a == null || b == null) {
                    yield false;
                }
                int cmp = a.compareTo(b);
                yield switch (c.op) {
                    case ">=" -> cmp >= 0;
                    case "<=" -> cmp <= 0;
                    case ">" -> cmp > 0;
                    default -> cmp < 0;
                };
            }
        };
    }

    private static boolean truthy(Object v) {
        return v != null && !Boolean.FALSE.equals(v) && !"".equals(v) && !"false".equals(v);
    }

    private static boolean same(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        BigDecimal x = number(a);
        BigDecimal y = number(b);
        if (x != null && y != null) {
            return x.compareTo(y) == 0;
        }
        return Objects.equals(String.valueOf(a), String.valueOf(b));
    }

    private static BigDecimal number(Object v) {
        if (v instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        if (v instanceof String s && s.matches("-?\\d+(\\.\\d+)?")) {
            return new BigDecimal(s);
        }
        return null;
    }

    /** @throws IllegalArgumentException with what is wrong, for an expression that does not parse */
    static Condition parse(String text) {
        List<String> tokens = tokens(text);
        List<List<Clause>> anyOf = new ArrayList<>();
        List<Clause> all = new ArrayList<>();
        int i = 0;
        while (true) {
            boolean not = false;
            if (i < tokens.size() && "!".equals(tokens.get(i))) {
                not = true;
                i++;
            }
            if (i >= tokens.size()) {
                throw new IllegalArgumentException("condition ends where a value was expected: '" + text + "'");
            }
            Operand left = operand(tokens.get(i++), text);
            String op = null;
            Operand right = null;
            if (i < tokens.size() && OPS.contains(tokens.get(i))) {
                if (not) {
                    throw new IllegalArgumentException(
                            "'!' negates a single value, not a comparison: use != in '" + text + "'");
                }
                op = tokens.get(i++);
                if (i >= tokens.size()) {
                    throw new IllegalArgumentException("nothing after '" + op + "' in '" + text + "'");
                }
                right = operand(tokens.get(i++), text);
            }
            all.add(new Clause(not, left, op, right));
            if (i >= tokens.size()) {
                break;
            }
            String join = tokens.get(i++);
            if ("||".equals(join)) {
                anyOf.add(List.copyOf(all));
                all.clear();
            } else if (!"&&".equals(join)) {
                throw new IllegalArgumentException(
                        "expected &&, || or the end after a comparison, found '" + join + "' in '" + text + "'");
            }
        }
        anyOf.add(List.copyOf(all));
        return new Condition(text, List.copyOf(anyOf));
    }

    private static Operand operand(String t, String text) {
        if (t.startsWith("${")) {
            return new Operand(t.substring(2, t.length() - 1).strip(), null);
        }
        if (t.startsWith("\"") || t.startsWith("'")) {
            return new Operand(null, t.substring(1, t.length() - 1));
        }
        if ("null".equals(t)) {
            return new Operand(null, null);
        }
        if ("true".equals(t) || "false".equals(t)) {
            return new Operand(null, Boolean.valueOf(t));
        }
        if (t.matches("-?\\d+(\\.\\d+)?")) {
            return new Operand(null, new BigDecimal(t));
        }
        throw new IllegalArgumentException("'" + t
                + "' is not a ${reference}, a \"quoted string\", a number, true, false or null" + " in '" + text + "'");
    }

    private static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (s.startsWith("${", i)) {
                int end = s.indexOf('}', i);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed '${' in '" + s + "'");
                }
                out.add(s.substring(i, end + 1));
                i = end + 1;
            } else if (c == '"' || c == '\'') {
                int end = s.indexOf(c, i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed quote in '" + s + "'");
                }
                out.add(s.substring(i, end + 1));
                i = end + 1;
            } else if (s.startsWith("&&", i)
                    || s.startsWith("||", i)
                    || s.startsWith("==", i)
                    || s.startsWith("!=", i)
                    || s.startsWith(">=", i)
                    || s.startsWith("<=", i)) {
                out.add(s.substring(i, i + 2));
                i += 2;
            } else if (c == '>' || c == '<' || c == '!') {
                out.add(String.valueOf(c));
                i++;
            } else {
                int start = i;
                while (i < s.length()
                        && !Character.isWhitespace(s.charAt(i))
                        && "&|=!<>\"'$".indexOf(s.charAt(i)) < 0) {
                    i++;
                }
                if (start == i) {
                    throw new IllegalArgumentException("unexpected '" + c + "' in '" + s + "'");
                }
                out.add(s.substring(start, i));
            }
        }
        return out;
    }
}
