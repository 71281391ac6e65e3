package dev.riposte.rules;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.drools.base.util.TimeIntervalParser;
import org.drools.compiler.kie.builder.impl.InternalKieModule;
import org.drools.model.codegen.ExecutableModelProject;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;

/**
 * The build step of the frozen rule mode: compiles DRL into Drools' executable model (Java generated from the rules and
 * compiled) and writes the classes, with {@link FrozenRules#DESCRIPTOR} naming them, into the application's classes, so
 * that {@link FrozenRules} runs them without parsing DRL or generating a class. Run by the build in
 * {@code process-classes} ({@code pom.xml}); needs {@code drools-model-codegen}, which is not packaged.
 *
 * <p>Each rule package gets its own {@code declare SecurityEvent ... @expires}: the executable model gives every package
 * that matches a type its own type declaration, so one in a separate package (as {@link RuleCompiler} writes) is not
 * the one the package's rules see, and events would never expire.
 */
public final class RuleModelBuild {

    /** Raised when what this class writes changes, so that an older model is rebuilt. */
    private static final int FORMAT = 2;

    private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)\\s*;?");

    /** Classes and the descriptor of a compiled model, or the problems that kept it from compiling. */
    record Compiled(Map<String, byte[]> files, List<Problem> problems) {
        boolean ok() {
            return problems.isEmpty();
        }
    }

    private RuleModelBuild() {}

    /**
     * {@code <classes-dir> [<rules-dir>] [<event-expiry>]}: the built-in rules (read from the classes folder) unless a
     * rules folder is named; the expiry as in {@code riposte.rules.event-expiry} (default 1h). Skips the compile when the
     * rules, the expiry and the fact and command classes are those the model in the folder was built from.
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: RuleModelBuild <classes-dir> [<rules-dir>] [<event-expiry>]");
        }
        Path classes = Path.of(args[0]);
        String dir = args.length > 1 ? args[1].strip() : "";
        Duration expiry = args.length > 2 && !args[2].isBlank() ? parseDuration(args[2].strip()) : Duration.ofHours(1);
        List<RuleFile> files = dir.isEmpty() ? builtIn(classes) : RuleSources.fromDir(Path.of(dir));
        String source = dir.isEmpty()
                ? "built-in"
                : Path.of(dir).toAbsolutePath().normalize().toString();
        String stamp = stamp(files, expiry, classes);
        Path descriptor = classes.resolve(FrozenRules.DESCRIPTOR);
        if (Files.exists(descriptor) && stamp.equals(read(descriptor).getProperty("stamp"))) {
            System.out.println(
                    "[riposte] executable rule model up to date (" + files.size() + " files, " + source + ")");
            return;
        }
        long start = System.nanoTime();
        Compiled compiled = compile(files, expiry, source, stamp);
        if (!compiled.ok()) {
            System.err.println("[riposte] the rules (" + source + ") do not compile into the executable model:");
            compiled.problems().forEach(System.err::println);
            throw new IllegalStateException(
                    compiled.problems().size() + " problem(s) in the rules of " + source + " (listed above)");
        }
        write(compiled, classes);
        System.out.printf(
                "[riposte] executable rule model of %d files (%s) built in %.1f s%n",
                files.size(), source, (System.nanoTime() - start) / 1e9);
    }

    /**
     * Lints and compiles {@code files} into the executable model: the class files by path, the descriptor, and a
     * native-image reflection config for the model classes (their names are read from the descriptor).
     */
    static Compiled compile(List<RuleFile> files, Duration eventExpiry, String source, String stamp) {
        Duration expiry = RuleCompiler.effectiveExpiry(files, eventExpiry);
        List<RuleFile> sorted =
                files.stream().sorted(Comparator.comparing(RuleFile::path)).toList();
        List<Problem> problems = new ArrayList<>(RuleLinter.lint(sorted));
        KieServices ks = KieServices.Factory.get();
        ReleaseId releaseId = ks.newReleaseId("dev.riposte.rules", "frozen", "1.0.0");
        KieFileSystem kfs = ks.newKieFileSystem();
        kfs.generateAndWritePomXML(releaseId);
        TreeSet<String> packages = new TreeSet<>();
        for (RuleFile f : sorted) {
            kfs.write(RuleCompiler.RESOURCES + f.path(), f.content());
            Matcher m = PACKAGE.matcher(DrlText.mask(f.content()));
            if (m.find()) {
                packages.add(m.group(1));
            }
        }
        for (String pkg : packages) {
            kfs.write(
                    RuleCompiler.RESOURCES + "riposte-events/" + pkg + ".drl",
                    RuleCompiler.eventDeclarations(pkg, expiry));
        }
        KieBuilder builder = ks.newKieBuilder(kfs).buildAll(ExecutableModelProject.class);
        for (Message m : builder.getResults().getMessages(Message.Level.ERROR)) {
            problems.add(RuleCompiler.toProblem(m));
        }
        if (!problems.isEmpty()) {
            ks.getRepository().removeKieModule(releaseId);
            problems.sort(Comparator.comparing(Problem::file).thenComparingInt(Problem::line));
            return new Compiled(Map.of(), problems);
        }
        InternalKieModule module = (InternalKieModule) builder.getKieModule();
        Map<String, byte[]> out = new LinkedHashMap<>();
        List<String> models = List.of();
        for (String name : new TreeSet<>(module.getFileNames())) {
            if (name.endsWith(".class")
                    && !name.startsWith("org/drools/")) { // not its ProjectModel: models load by name
                out.put(name, module.getBytes(name));
            } else if (name.endsWith("/drools-model")) {
                // the generated list of Model classes, one a line, after a "Drools-Model-Version:" header
                models = new String(module.getBytes(name), StandardCharsets.UTF_8)
                        .lines()
                        .map(String::strip)
                        .filter(l -> !l.isEmpty() && !l.contains(":"))
                        .sorted()
                        .toList();
            }
        }
        ks.getRepository().removeKieModule(releaseId);
        for (RuleFile f : sorted) { // read, never compiled, at run time: validate and test report on them
            out.put(FrozenRules.DRL + f.path(), f.content().getBytes(StandardCharsets.UTF_8));
        }
        Properties p = new Properties();
        p.setProperty("version", RuleCompiler.version(sorted));
        p.setProperty("event-expiry-ms", Long.toString(expiry.toMillis()));
        p.setProperty("models", String.join(",", models));
        p.setProperty("source", source);
        p.setProperty("files", sorted.stream().map(RuleFile::path).collect(Collectors.joining(",")));
        p.setProperty("stamp", stamp);
        out.put(FrozenRules.DESCRIPTOR, store(p));
        out.put(FrozenRules.NATIVE_CONFIG, reflectConfig(models).getBytes(StandardCharsets.UTF_8));
        return new Compiled(out, List.of());
    }

    /** Writes the compiled files below {@code root}, replacing a model built before (its classes may differ). */
    static void write(Compiled compiled, Path root) throws IOException {
        Path descriptor = root.resolve(FrozenRules.DESCRIPTOR);
        if (Files.exists(descriptor)) {
            for (String old : read(descriptor).getProperty("classes", "").split(",")) {
                if (!old.isEmpty()) {
                    Files.deleteIfExists(root.resolve(old));
                }
            }
        }
        List<String> classFiles = compiled.files().keySet().stream()
                .filter(n -> n.endsWith(".class") || n.startsWith(FrozenRules.DRL))
                .toList();
        for (Map.Entry<String, byte[]> e : compiled.files().entrySet()) {
            if (e.getKey().equals(FrozenRules.DESCRIPTOR)) {
                continue;
            }
            Path p = root.resolve(e.getKey()).toAbsolutePath();
            Files.createDirectories(Objects.requireNonNull(p.getParent(), p.toString()));
            Files.write(p, e.getValue());
        }
        // the descriptor last, with the class list, so an interrupted write is rebuilt next time
        Properties p = new Properties();
        p.load(new ByteArrayInputStream(compiled.files().get(FrozenRules.DESCRIPTOR)));
        p.setProperty("classes", String.join(",", classFiles)); // and the DRL copies: what a rebuild deletes
        Files.createDirectories(
                Objects.requireNonNull(descriptor.toAbsolutePath().getParent()));
        Files.write(descriptor, store(p));
    }

    /** GraalVM reflection config: the model classes are instantiated by name ({@link FrozenRules}). */
    static String reflectConfig(List<String> models) {
        return models.stream()
                .map(m -> "  {\"name\": \"" + m + "\", \"methods\": [{\"name\": \"<init>\", \"parameterTypes\": []}]}")
                .collect(Collectors.joining(",\n", "[\n", "\n]\n"));
    }

    /** The built-in rules as the build copied them into the classes folder (the classpath index names them). */
    private static List<RuleFile> builtIn(Path classes) {
        Path root = classes.resolve(RuleSources.BUILT_IN_ROOT);
        try {
            List<RuleFile> files = new ArrayList<>();
            for (String line : Files.readAllLines(root.resolve("index.txt"), StandardCharsets.UTF_8)) {
                String path = line.strip();
                if (!path.isEmpty() && !path.startsWith("#")) {
                    files.add(new RuleFile(path, Files.readString(root.resolve(path), StandardCharsets.UTF_8)));
                }
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the built-in rules below " + root + ": " + e.getMessage(), e);
        }
    }

    /** What the model depends on: the rules, the expiry, and the fact and command classes its code calls. */
    private static String stamp(List<RuleFile> files, Duration expiry, Path classes) throws IOException {
        List<RuleFile> parts = new ArrayList<>(files);
        parts.add(new RuleFile("#expiry", expiry.toString()));
        for (String pkg : List.of("dev/riposte/fact", "dev/riposte/command")) {
            Path dir = classes.resolve(pkg);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> walk = Files.list(dir)) {
                    for (Path c : walk.sorted().toList()) {
                        parts.add(new RuleFile(
                                pkg + "/" + c.getFileName(), HexFormat.of().formatHex(Files.readAllBytes(c))));
                    }
                }
            }
        }
        return RuleCompiler.version(parts) + "-" + FORMAT + "-"
                + Path.of(ExecutableModelProject.class
                                .getProtectionDomain()
                                .getCodeSource()
                                .getLocation()
                                .getPath())
                        .getFileName();
    }

    private static Duration parseDuration(String text) {
        return Duration.ofMillis(TimeIntervalParser.parseSingle(text));
    }

    private static Properties read(Path p) throws IOException {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(p)) {
            props.load(in);
        }
        return props;
    }

    private static byte[] store(Properties p) {
        // sorted and without the date comment, so the same rules give the same file
        StringBuilder sb =
                new StringBuilder("# Riposte executable rule model (generated by RuleModelBuild at build time)\n");
        new TreeSet<>(p.stringPropertyNames())
                .forEach(k -> sb.append(k)
                        .append('=')
                        .append(p.getProperty(k).replace("\\", "\\\\"))
                        .append('\n'));
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
