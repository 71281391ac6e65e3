package dev.riposte.source.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Expands the paths a user names (files, folders, globs) into the event files to read, in a stable
 * order. Only the list of paths is held in memory, never their content.
 */
final class FileSet {
    /** {@code <account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<unique>.json.gz}: ordered by the time in the name. */
    private static final Pattern CLOUDTRAIL_LOG =
            Pattern.compile("\\d{12}_CloudTrail_[a-z0-9-]+_(\\d{8}T\\d{4}Z)_[A-Za-z0-9]+\\.json(\\.gz)?");

    private FileSet() {}

    static List<Path> expand(List<Path> paths) {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            String s = p.toString();
            if (isGlob(s)) {
                List<Path> matched = glob(s);
                if (matched.isEmpty()) {
                    throw new IllegalArgumentException("no file matches: " + s);
                }
                out.addAll(matched);
            } else if (Files.isDirectory(p)) {
                out.addAll(walk(p, f -> true));
            } else if (Files.isRegularFile(p)) {
                out.add(p);
            } else {
                throw new IllegalArgumentException("no such file: " + s);
            }
        }
        return out;
    }

    static boolean isEventFile(Path p) {
        String n = String.valueOf(p.getFileName()).toLowerCase(Locale.ROOT);
        if (n.startsWith(".")) {
            return false;
        }
        if (n.endsWith(".gz")) {
            n = n.substring(0, n.length() - 3);
        }
        return n.endsWith(".json") || n.endsWith(".jsonl") || n.endsWith(".ndjson");
    }

    private static boolean isGlob(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0 || s.indexOf('{') >= 0;
    }

    private static List<Path> glob(String pattern) {
        // walk from the longest leading part of the pattern without glob characters
        Path p = Path.of(pattern);
        Path root = p.getRoot(); // null for a relative pattern
        Path base = root != null ? root : Path.of("");
        for (Path part : p) {
            if (isGlob(part.toString())) {
                break;
            }
            base = base.resolve(part);
        }
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        boolean relative = base.toString().isEmpty();
        Path start = relative ? Path.of(".") : base;
        Predicate<Path> matches = f -> m.matches(relative ? start.relativize(f) : f);
        // a folder the glob matches is read like a folder named directly ('samples/*/ec2-*')
        Set<Path> files = new TreeSet<>(ORDER.thenComparing(Comparator.naturalOrder()));
        files.addAll(walk(start, matches));
        try (Stream<Path> s = Files.walk(start)) {
            s.filter(Files::isDirectory)
                    .filter(d -> !d.equals(start))
                    .filter(matches)
                    .toList()
                    .forEach(d -> files.addAll(walk(d, f -> true)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + start + ": " + e.getMessage(), e);
        }
        return List.copyOf(files);
    }

    private static List<Path> walk(Path dir, Predicate<Path> keep) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(f -> !insideDigestFolder(dir, f))
                    .filter(FileSet::isEventFile)
                    .filter(f -> !isTestExpectation(f))
                    .filter(keep)
                    .sorted(ORDER)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code expected.json} (and {@code context.json}, the case's recorded investigation context) beside
     * {@code event.json}/{@code events.jsonl} belong to a rule test case, they are not events: folder walks skip them so
     * that {@code riposte replay samples/} replays exactly the sample events.
     */
    static boolean isTestExpectation(Path f) {
        String name = String.valueOf(f.getFileName());
        if (!name.equals("expected.json") && !name.equals("context.json")) {
            return false;
        }
        Path dir = f.getParent();
        return dir != null && (Files.exists(dir.resolve("event.json")) || Files.exists(dir.resolve("events.jsonl")));
    }

    /** CloudTrail digest files (AWSLogs/.../CloudTrail-Digest/) hold hashes, not events. */
    private static boolean insideDigestFolder(Path root, Path f) {
        for (Path part : root.relativize(f)) {
            if (part.toString().equals("CloudTrail-Digest")) {
                return true;
            }
        }
        return false;
    }

    /** CloudTrail log files first, by the delivery time in their names; other files by path. */
    static final Comparator<Path> ORDER = Comparator.comparing(FileSet::sortKey);

    private static String sortKey(Path p) {
        Matcher m = CLOUDTRAIL_LOG.matcher(String.valueOf(p.getFileName()));
        return m.matches() ? "0" + m.group(1) + "/" + p : "1" + p;
    }
}
