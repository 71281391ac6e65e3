package dev.riposte.rules;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.base.util.TimeIntervalParser;
import org.kie.api.KieBase;
import org.kie.api.KieBaseConfiguration;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.conf.EventProcessingOption;
import org.kie.api.runtime.KieContainer;

/** Lints and compiles DRL into a stream-mode {@link RuleSet}. Thread-safe; each call builds a fresh KieBase. */
public final class RuleCompiler {

    /** Where user files go in the in-memory kjar: the folder matches their package rules.&lt;folder&gt;. */
    static final String RESOURCES = "src/main/resources/rules/";
    /** The generated DRL that makes SecurityEvent a Drools event (package riposte.internal). */
    private static final String EVENTS_DRL = "src/main/resources/riposte/internal/events.drl";

    private static final AtomicLong BUILDS = new AtomicLong();
    /** GraalVM sets this property in a native executable, which cannot generate classes (so cannot compile DRL). */
    private static final boolean NATIVE_IMAGE =
            "runtime".equals(System.getProperty("org.graalvm.nativeimage.imagecode"));

    private RuleCompiler() {}

    /** Static checks only (see docs/fact-model.md, "What the linter rejects"). */
    public static List<Problem> lint(List<RuleFile> files) {
        return RuleLinter.lint(files);
    }

    /**
     * Lints and compiles {@code files}. Events expire after their own timestamp, which bounds memory: after
     * {@code eventExpiry}, or after the longest time window a rule uses when that is longer ({@link #longestWindow}),
     * so that a 24-hour count works without raising the configured expiry.
     */
    public static CompileResult compile(List<RuleFile> files, Duration eventExpiry) {
        if (NATIVE_IMAGE) {
            return new CompileResult(
                    null,
                    List.of(new Problem(
                            "(native image)",
                            1,
                            "compiling DRL needs the JVM image: this native "
                                    + "executable runs only the rules compiled into it at build (riposte.rules.mode=frozen)",
                            "validate, test, replay or hot-load other rules with the "
                                    + "JVM image (riposte.rules.mode=runtime), or rebuild the "
                                    + "native image with ./mvnw package -Pnative -Driposte.rules.dir=<folder>")));
        }
        eventExpiry = effectiveExpiry(files, eventExpiry);
        List<RuleFile> sorted =
                files.stream().sorted(Comparator.comparing(RuleFile::path)).toList();
        List<Problem> problems = new ArrayList<>(RuleLinter.lint(sorted));

        KieServices ks = KieServices.Factory.get();
        ReleaseId releaseId = ks.newReleaseId("dev.riposte.rules", "ruleset-" + BUILDS.incrementAndGet(), "1.0.0");
        KieFileSystem kfs = ks.newKieFileSystem();
        kfs.generateAndWritePomXML(releaseId);
        for (RuleFile f : sorted) {
            kfs.write(RESOURCES + f.path(), f.content());
        }
        kfs.write(EVENTS_DRL, eventDeclarations(eventExpiry));
        KieBuilder builder = ks.newKieBuilder(kfs).buildAll();
        List<Problem> compileProblems = new ArrayList<>();
        for (Message m : builder.getResults().getMessages(Message.Level.ERROR)) {
            compileProblems.add(toProblem(m));
        }
        // the parser adds this after every syntax error; alone it would still be worth showing
        if (compileProblems.size() > 1) {
            compileProblems.removeIf(p -> p.message().startsWith("Parser returned a null Package"));
        }
        problems.addAll(compileProblems);
        if (!problems.isEmpty()) {
            ks.getRepository().removeKieModule(releaseId);
            problems.sort(Comparator.comparing(Problem::file).thenComparingInt(Problem::line));
            return new CompileResult(null, problems);
        }
        KieContainer container = ks.newKieContainer(releaseId, RuleCompiler.class.getClassLoader());
        KieBaseConfiguration conf = ks.newKieBaseConfiguration();
        conf.setOption(EventProcessingOption.STREAM);
        KieBase kieBase = container.newKieBase(conf);
        // the KieBase is self-contained: drop the kjar so repeated hot reloads do not pile up in the global repository
        ks.getRepository().removeKieModule(releaseId);
        return new CompileResult(new RuleSet(kieBase, version(sorted), eventExpiry), List.of());
    }

    /** A temporal operator's interval ({@code before[0s, 10m]}) or a sliding window ({@code window:time(24h)}). */
    private static final Pattern WINDOW = Pattern.compile(
            "\\b(?:before|after|meets|metby|overlaps|overlappedby|during|includes|starts|startedby|finishes|finishedby|coincides)"
                    + "\\s*\\[([^\\]]*)]|\\bwindow\\s*:\\s*time\\s*\\(([^)]*)\\)");

    /**
     * The longest time any rule looks back or ahead: the largest bound of a temporal operator's interval or of a
     * {@code window:time}; zero when there is none. (Drools infers this itself only when it sets the expiry alone, and
     * then keeps events no temporal rule bounds for ever.)
     */
    static Duration longestWindow(List<RuleFile> files) {
        long max = 0;
        for (RuleFile f : files) {
            Matcher m = WINDOW.matcher(DrlText.mask(f.content()));
            while (m.find()) {
                String args = m.group(1) != null ? m.group(1) : m.group(2);
                for (String bound : args.split(",")) {
                    try {
                        max = Math.max(max, Math.abs(TimeIntervalParser.parseSingle(bound.strip())));
                    } catch (RuntimeException e) {
                        // not a time literal (a binding): the compiler reports what it cannot read
                    }
                }
            }
        }
        return Duration.ofMillis(max);
    }

    /** The configured expiry, or the longest window a rule uses when that is longer. */
    static Duration effectiveExpiry(List<RuleFile> files, Duration eventExpiry) {
        if (eventExpiry == null || eventExpiry.isNegative() || eventExpiry.isZero()) {
            throw new IllegalArgumentException("eventExpiry must be positive, got " + eventExpiry);
        }
        Duration window = longestWindow(files);
        return window.compareTo(eventExpiry) > 0 ? window : eventExpiry;
    }

    /** The same declaration in package {@code pkg} (the executable model wants one in each rule package). */
    static String eventDeclarations(String pkg, Duration eventExpiry) {
        return eventDeclarations(eventExpiry).replaceFirst("package [\\w.]+;", "package " + pkg + ";");
    }

    static String eventDeclarations(Duration eventExpiry) {
        return """
                package riposte.internal;
                import dev.riposte.fact.SecurityEvent;
                declare SecurityEvent
                    @role(event)
                    @timestamp(timestamp)
                    @expires(%dms)
                end
                """.formatted(eventExpiry.toMillis());
    }

    static Problem toProblem(Message m) {
        String path = m.getPath() == null ? "?" : m.getPath();
        // messages name the file sometimes by kjar path, sometimes by resource path
        for (String prefix : List.of("src/main/resources/", "rules/")) {
            if (path.startsWith(prefix)) {
                path = path.substring(prefix.length());
            }
        }
        String text = m.getText() == null ? "" : m.getText().strip();
        return new Problem(path, Math.max(1, m.getLine()), firstLine(text), hintFor(text));
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl).strip();
    }

    /** Turns the compiler's most common complaints into advice a rule author can act on. */
    static String hintFor(String text) {
        String t = text.toLowerCase();
        if (t.contains("unable to resolve objecttype")
                || t.contains("cannot be resolved to a type")
                || t.contains("cannot find symbol")) {
            return "check the class name and its import (import dev.riposte.fact.*; import dev.riposte.command.*;)";
        }
        if (t.contains("unable to analyse expression")
                || t.contains("unable to resolve method")
                || t.contains("unable to find @positional")
                || t.contains("field reader")
                || t.contains("is undefined for the type")) {
            return "check the field and method names against docs/fact-model.md (records: type, principal.sourceIp, "
                    + "severityScore >= 7, resource(\"AWS::EC2::Instance\"))";
        }
        if (t.contains("mismatched input")
                || t.contains("no viable alternative")
                || t.contains("extraneous input")
                || t.contains("missing")
                || t.contains("unexpected")) {
            return "syntax error: check quotes, parentheses, commas and the rule/when/then/end keywords";
        }
        if (t.contains("rule compilation error")) {
            return "the then-part of this rule is Java: check it against the fact accessors in docs/fact-model.md";
        }
        return "see docs/fact-model.md for the fact model and DRL examples";
    }

    /** First 12 hex chars of the SHA-256 of the sorted paths and contents. */
    static String version(List<RuleFile> sorted) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (RuleFile f : sorted) {
                sha.update(f.path().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(f.content().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
