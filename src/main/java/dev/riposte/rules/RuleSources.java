package dev.riposte.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Where DRL comes from: the built-in set on the classpath or a folder on disk. */
public final class RuleSources {

    /** Classpath folder of the built-in rules. */
    static final String BUILT_IN_ROOT = "rules/";
    /**
     * Lists the built-in files, one path a line: a jar cannot be listed portably, so the build ships
     * this index (RuleSourcesTest fails when it is out of date).
     */
    static final String INDEX = BUILT_IN_ROOT + "index.txt";

    private RuleSources() {}

    /** The built-in rules shipped in {@code src/main/resources/rules/}, sorted by path. */
    public static List<RuleFile> builtIn() {
        ClassLoader cl = RuleSources.class.getClassLoader();
        List<RuleFile> files = new ArrayList<>();
        for (String path : readLines(cl, INDEX)) {
            files.add(new RuleFile(path, new String(read(cl, BUILT_IN_ROOT + path), StandardCharsets.UTF_8)));
        }
        files.sort(Comparator.comparing(RuleFile::path));
        return List.copyOf(files);
    }

    /** The content hash of {@code files} that {@link RuleSet#version()} reports (12 hex chars). */
    public static String version(List<RuleFile> files) {
        return RuleCompiler.version(
                files.stream().sorted(Comparator.comparing(RuleFile::path)).toList());
    }

    /** Every {@code *.drl} below {@code dir} (recursively), paths relative to it, sorted. */
    public static List<RuleFile> fromDir(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("rules directory not found: " + dir);
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> drl = walk.filter(
                            p -> String.valueOf(p.getFileName()).endsWith(".drl") && Files.isRegularFile(p))
                    .sorted()
                    .toList();
            List<RuleFile> files = new ArrayList<>();
            for (Path p : drl) {
                String rel = dir.relativize(p).toString().replace('\\', '/');
                files.add(new RuleFile(rel, Files.readString(p, StandardCharsets.UTF_8)));
            }
            files.sort(Comparator.comparing(RuleFile::path));
            return List.copyOf(files);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read rules from " + dir + ": " + e.getMessage(), e);
        }
    }

    private static List<String> readLines(ClassLoader cl, String resource) {
        return new String(read(cl, resource), StandardCharsets.UTF_8)
                .lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
    }

    private static byte[] read(ClassLoader cl, String resource) {
        try (InputStream in = cl.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
