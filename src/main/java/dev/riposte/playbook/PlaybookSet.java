package dev.riposte.playbook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The playbooks loaded from one folder (or the built-in set), validated together. It holds every playbook that
 * is valid on its own; {@link #ok()} is false when any file has a problem (validate fails, a hot reload keeps the
 * previous set). Its version is a hash of the files, like a rule set's. Public: the dispatcher, the CLI and the
 * pipeline read it.
 */
public final class PlaybookSet {
    private final Map<String, Playbook> byId;
    private final List<Problem> problems;
    private final String version;

    private PlaybookSet(Map<String, Playbook> byId, List<Problem> problems, String version) {
        this.byId = byId;
        this.problems = problems;
        this.version = version;
    }

    /** Parses and checks every file; duplicate ids across files are problems too. */
    public static PlaybookSet load(List<PlaybookFile> files, ActionRules actions) {
        Map<String, Playbook> byId = new TreeMap<>();
        List<Problem> problems = new ArrayList<>();
        for (PlaybookFile f : files) {
            PlaybookParser.Parsed parsed = PlaybookParser.parse(f.path(), f.content(), actions);
            problems.addAll(parsed.problems());
            Playbook p = parsed.playbook();
            if (p == null) {
                continue;
            }
            Playbook previous = byId.putIfAbsent(p.id(), p);
            if (previous != null) {
                problems.add(new Problem(
                        f.path(),
                        1,
                        "playbook id '" + p.id() + "' is also defined in " + previous.file(),
                        "give each playbook its own id"));
            }
        }
        return new PlaybookSet(Map.copyOf(byId), List.copyOf(problems), version(files));
    }

    public static PlaybookSet empty() {
        return new PlaybookSet(Map.of(), List.of(), version(List.of()));
    }

    public boolean ok() {
        return problems.isEmpty();
    }

    public List<Problem> problems() {
        return problems;
    }

    public String version() {
        return version;
    }

    public Optional<Playbook> find(String id) {
        return Optional.ofNullable(id == null ? null : byId.get(id));
    }

    /** All playbooks, by id. */
    public List<Playbook> all() {
        return new TreeMap<>(byId).values().stream().toList();
    }

    /** The action ids the steps use (for {@code riposte iam-policy}). */
    public List<String> actionsUsed() {
        return byId.values().stream()
                .flatMap(p -> p.steps().stream())
                .map(Step::action)
                .distinct()
                .sorted()
                .toList();
    }

    static String version(List<PlaybookFile> files) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            files.stream().sorted(Comparator.comparing(PlaybookFile::path)).forEach(f -> {
                sha.update(f.path().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(f.content().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            });
            return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
