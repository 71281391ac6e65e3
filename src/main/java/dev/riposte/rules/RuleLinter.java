package dev.riposte.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Static checks that catch mistakes the DRL compiler accepts: rules are trusted code, but a rule that
 * does I/O, reaches into the JVM or uses a Drools construct known to crash must not reach production.
 * Scans the text with comments and string literals blanked out, so messages may mention anything.
 */
final class RuleLinter {

    private static final Pattern PACKAGE = Pattern.compile("(?m)^[ \\t]*package\\s+([\\w.]+)\\s*;?");
    private static final Pattern IMPORT =
            Pattern.compile("(?m)^[ \\t]*import\\s+(?:(static|function|accumulate)\\s+)?([\\w.*]+)\\s*;?");
    private static final Pattern RULE = Pattern.compile("(?m)^[ \\t]*rule\\s+(?:([\"'])|(\\w+))");
    /** Two or more lower-case segments then a capitalised name: a fully-qualified class name. */
    private static final Pattern QUALIFIED = Pattern.compile("(?<![\\w$.])((?:[a-z_][a-z0-9_]*\\.){2,})([A-Z]\\w*)");

    private static final Pattern STR_OPERATOR = Pattern.compile("\\bstr\\s*\\[\\s*(startsWith|endsWith|length)\\s*]");

    private record Forbidden(Pattern pattern, String what, String hint) {}

    private static final String NO_IO = "rules decide, they do no I/O: emit a command instead, e.g. "
            + "insert(ActionCommand.of(\"notify:log\", target).with(\"message\", \"...\"))";
    private static final String NO_JVM =
            "rules must not touch the JVM; use the fact helpers documented in docs/fact-model.md";
    private static final String NO_REFLECTION =
            "no reflection in rules; read fields with the fact accessors (docs/fact-model.md)";

    private static final List<Forbidden> FORBIDDEN = List.of(
            new Forbidden(Pattern.compile("\\bSystem\\s*\\."), "System.", NO_IO),
            new Forbidden(Pattern.compile("\\bRuntime\\b"), "Runtime", NO_JVM),
            new Forbidden(Pattern.compile("\\bProcessBuilder\\b"), "ProcessBuilder", NO_JVM),
            new Forbidden(Pattern.compile("\\bThread\\b"), "Thread", NO_JVM),
            new Forbidden(Pattern.compile("\\bClass\\s*\\.\\s*forName\\b"), "Class.forName", NO_REFLECTION),
            new Forbidden(Pattern.compile("\\bgetClass\\s*\\(\\s*\\)"), "getClass()", NO_REFLECTION),
            new Forbidden(Pattern.compile("\\.\\s*get(?:Declared)?Methods?\\s*\\("), ".getMethod(", NO_REFLECTION),
            new Forbidden(
                    Pattern.compile("\\.\\s*getDeclared(?:Field|Constructor)s?\\s*\\("),
                    ".getDeclaredField(",
                    NO_REFLECTION),
            new Forbidden(
                    Pattern.compile("\\bjava\\s*\\.\\s*lang\\s*\\.\\s*reflect\\b"), "java.lang.reflect", NO_REFLECTION),
            new Forbidden(Pattern.compile("\\bsetAccessible\\b"), "setAccessible", NO_REFLECTION),
            new Forbidden(Pattern.compile("\\bjava\\s*\\.\\s*io\\s*\\."), "java.io.", NO_IO),
            new Forbidden(Pattern.compile("\\bjava\\s*\\.\\s*net\\s*\\."), "java.net.", NO_IO),
            new Forbidden(Pattern.compile("\\bjava\\s*\\.\\s*nio\\s*\\."), "java.nio.", NO_IO));

    private static final List<String> JAVA_LANG_BASICS =
            List.of("String", "Math", "Integer", "Long", "Double", "Boolean");

    private RuleLinter() {}

    static List<Problem> lint(List<RuleFile> files) {
        List<Problem> problems = new ArrayList<>();
        Map<String, String> ruleSeenAt = new HashMap<>();
        for (RuleFile f : files) {
            lintFile(f, problems, ruleSeenAt);
        }
        return problems;
    }

    private static void lintFile(RuleFile f, List<Problem> problems, Map<String, String> ruleSeenAt) {
        String src = f.content();
        String masked = DrlText.mask(src);
        checkPackage(f, masked, problems);

        Matcher im = IMPORT.matcher(masked);
        while (im.find()) {
            String name = im.group(2);
            if ("function".equals(im.group(1)) || "static".equals(im.group(1))) {
                name = name.substring(0, Math.max(0, name.lastIndexOf('.'))); // the class the member lives in
            }
            if (!allowedClass(name)) {
                problems.add(new Problem(
                        f.path(),
                        DrlText.lineOf(src, im.start(2)),
                        "import not allowed: " + im.group(2),
                        "rules may import only dev.riposte.fact.*, dev.riposte.command.*, java.util.*, java.time.* "
                                + "and java.lang String, Math, Integer, Long, Double, Boolean"));
            }
        }

        String[] lines = masked.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (PACKAGE.matcher(line).lookingAt() || IMPORT.matcher(line).lookingAt()) {
                continue;
            }
            checkLine(f, i + 1, line, problems);
        }

        Matcher rm = RULE.matcher(masked);
        while (rm.find()) {
            String name;
            if (rm.group(1) != null) {
                int start = rm.end(1);
                int end = masked.indexOf(rm.group(1), start);
                name = src.substring(start, end < 0 ? start : end);
            } else {
                name = rm.group(2);
            }
            int line = DrlText.lineOf(src, rm.start());
            String here = f.path() + ":" + line;
            String first = ruleSeenAt.putIfAbsent(name, here);
            if (first != null) {
                problems.add(new Problem(
                        f.path(),
                        line,
                        "duplicate rule name \"" + name + "\" (first defined at " + first + ")",
                        "rule names identify rules in the audit log and in tests: make each one unique"));
            }
        }
    }

    private static void checkPackage(RuleFile f, String masked, List<Problem> problems) {
        int slash = f.path().lastIndexOf('/');
        String expected =
                slash < 0 ? "rules" : "rules." + f.path().substring(0, slash).replace('/', '.');
        Matcher pm = PACKAGE.matcher(masked);
        if (!pm.find()) {
            problems.add(new Problem(
                    f.path(), 1, "missing package declaration", "start the file with: package " + expected + ";"));
        } else if (!pm.group(1).equals(expected)) {
            problems.add(new Problem(
                    f.path(),
                    DrlText.lineOf(masked, pm.start(1)),
                    "package " + pm.group(1) + " does not match the folder of " + f.path(),
                    "the folder names the package: write package " + expected + "; or move the file"));
        }
    }

    private static void checkLine(RuleFile f, int lineNo, String line, List<Problem> problems) {
        boolean flaggedPackage = false;
        for (Forbidden fb : FORBIDDEN) {
            if (fb.pattern().matcher(line).find()) {
                problems.add(new Problem(f.path(), lineNo, "forbidden in rules: " + fb.what(), fb.hint()));
                flaggedPackage |= fb.what().startsWith("java.");
            }
        }
        Matcher q = QUALIFIED.matcher(line);
        while (q.find() && !flaggedPackage) {
            String fqcn = q.group(1) + q.group(2);
            if (!allowedClass(fqcn)) {
                problems.add(new Problem(
                        f.path(),
                        lineNo,
                        "class outside the fact and command packages: " + fqcn,
                        "rules may use only dev.riposte.fact, dev.riposte.command, java.util and java.time types"));
            }
        }
        Matcher s = STR_OPERATOR.matcher(line);
        if (s.find()) {
            problems.add(new Problem(
                    f.path(),
                    lineNo,
                    "str[" + s.group(1) + "] crashes Drools 10.2.0 once the constraint is JIT-compiled",
                    "write the method call instead, e.g. type.startsWith(\"Backdoor:\") or type.length() > 3"));
        }
    }

    /** A class name (or package wildcard) rules may refer to. */
    static boolean allowedClass(String name) {
        if (name.startsWith("dev.riposte.fact.")
                || name.startsWith("dev.riposte.command.")
                || name.startsWith("java.time.")) {
            return true;
        }
        if (name.startsWith("java.util.")) {
            String rest = name.substring("java.util.".length());
            return !rest.contains(".")
                    || rest.startsWith("function.")
                    || rest.startsWith("regex.")
                    || rest.startsWith("stream.");
        }
        if (name.startsWith("java.lang.")) {
            return JAVA_LANG_BASICS.contains(name.substring("java.lang.".length()));
        }
        return false;
    }
}
