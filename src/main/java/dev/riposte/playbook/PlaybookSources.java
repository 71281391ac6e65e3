package dev.riposte.playbook;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Where playbooks come from: the built-in set on the classpath or a folder on disk. Public: the CLI and pipeline load them. */
public final class PlaybookSources {
    static final String BUILT_IN_ROOT = "playbooks/";
    /** A jar cannot be listed portably: the build ships this index (PlaybookSourcesTest fails when it is out of date). */
    static final String INDEX = BUILT_IN_ROOT + "index.txt";

    private PlaybookSources() {}

    /** The built-in playbooks shipped from the project's {@code playbooks/} folder, sorted by path. */
    public static List<PlaybookFile> builtIn() {
        ClassLoader cl = PlaybookSources.class.getClassLoader();
        List<PlaybookFile> files = new ArrayList<>();
        for (String path : new String(read(cl, INDEX), StandardCharsets.UTF_8)
                .lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .sorted()
                .toList()) {
            files.add(new PlaybookFile(path, new String(read(cl, BUILT_IN_ROOT + path), StandardCharsets.UTF_8)));
        }
        return List.copyOf(files);
    }

    /** Every {@code *.yaml} / {@code *.yml} directly in {@code dir}, sorted. */
    public static List<PlaybookFile> fromDir(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("playbooks folder not found: " + dir);
        }
        try (Stream<Path> list = Files.list(dir)) {
            List<PlaybookFile> files = new ArrayList<>();
            for (Path p : list.filter(PlaybookSources::isPlaybook).sorted().toList()) {
                files.add(
                        new PlaybookFile(String.valueOf(p.getFileName()), Files.readString(p, StandardCharsets.UTF_8)));
            }
            return List.copyOf(files);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read playbooks from " + dir + ": " + e.getMessage(), e);
        }
    }

    /** {@code dir}'s playbooks, or the built-in ones when {@code dir} is null. */
    public static List<PlaybookFile> load(Path dir) {
        return dir == null ? builtIn() : fromDir(dir);
    }

    private static boolean isPlaybook(Path p) {
        String n = String.valueOf(p.getFileName());
        return Files.isRegularFile(p) && (n.endsWith(".yaml") || n.endsWith(".yml"));
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
