package dev.riposte.pipeline;

import dev.riposte.playbook.Playbook;
import dev.riposte.playbook.PlaybookSet;
import dev.riposte.playbook.Step;
import dev.riposte.rules.RuleFile;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The actions a rule set can set off, for {@code riposte iam-policy}: every {@code ActionCommand.of("...")} literal
 * in the rules, plus every step of each playbook a rule starts with {@code PlaybookRun.of("...")}. Playbooks that
 * no rule starts are left out (least privilege: a playbook nothing runs needs no permission). A rule that names a
 * playbook by a computed id could start any of them, so then every loaded playbook counts; an action id that is
 * computed cannot be known and is reported in {@link #warnings()}. Public: the CLI reads it.
 *
 * @param actions          action ids, sorted
 * @param playbooks        ids of the playbooks the rules can start, sorted
 * @param unknownPlaybooks playbook ids named in the rules that are not loaded (as {@code file:line id})
 * @param warnings         one line each, naming file:line
 */
public record ReachableActions(
        SortedSet<String> actions, SortedSet<String> playbooks, List<String> unknownPlaybooks, List<String> warnings) {
    private static final Pattern ACTION =
            Pattern.compile("(?:ActionCommand\\.of|new\\s+ActionCommand)\\(\\s*(\"([^\"]*)\")?");
    private static final Pattern PLAYBOOK =
            Pattern.compile("(?:PlaybookRun\\.of|new\\s+PlaybookRun)\\(\\s*(\"([^\"]*)\")?");

    public ReachableActions {
        actions = Collections.unmodifiableSortedSet(new TreeSet<>(actions));
        playbooks = Collections.unmodifiableSortedSet(new TreeSet<>(playbooks));
        unknownPlaybooks = List.copyOf(unknownPlaybooks);
        warnings = List.copyOf(warnings);
    }

    public static ReachableActions of(List<RuleFile> rules, PlaybookSet loaded) {
        SortedSet<String> actions = new TreeSet<>();
        SortedSet<String> started = new TreeSet<>();
        List<String> unknown = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        boolean anyPlaybook = false;
        for (RuleFile f : rules) {
            String text = f.content();
            Matcher a = ACTION.matcher(text);
            while (a.find()) {
                if (a.group(2) != null) {
                    actions.add(a.group(2));
                } else {
                    warnings.add(
                            f.path() + ":" + line(text, a.start()) + ": the action id is computed, so its permissions"
                                    + " are not in the policy; write the id as a string literal");
                }
            }
            Matcher p = PLAYBOOK.matcher(text);
            while (p.find()) {
                if (p.group(2) == null) {
                    anyPlaybook = true;
                    warnings.add(f.path() + ":" + line(text, p.start())
                            + ": the playbook id is computed, so every loaded" + " playbook counts as reachable");
                } else if (loaded.find(p.group(2)).isPresent()) {
                    started.add(p.group(2));
                } else {
                    unknown.add(f.path() + ":" + line(text, p.start()) + " " + p.group(2));
                }
            }
        }
        if (anyPlaybook) {
            loaded.all().forEach(pb -> started.add(pb.id()));
        }
        for (String id : started) {
            Playbook pb = loaded.find(id).orElseThrow();
            pb.steps().stream().map(Step::action).forEach(actions::add);
        }
        return new ReachableActions(actions, started, unknown, warnings);
    }

    private static int line(String text, int offset) {
        int n = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }
}
