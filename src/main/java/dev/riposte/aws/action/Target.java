package dev.riposte.aws.action;

import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What an action's target is: one as a rule would name it (the action's example), the check of a command's target,
 * and the AWS error codes meaning it no longer exists (the action is then skipped, not failed). Public: the service
 * packages name the kinds of target their actions take.
 *
 * @param problems given the action id and a command's target, what is wrong with the target; empty when fine
 */
public record Target(String example, BiFunction<String, String, List<String>> problems, Set<String> goneCodes) {

    /** A target that is one of {@code patterns} (each matching the whole value); anything else is "not {@code what}". */
    public static Target matching(String example, Set<String> goneCodes, String what, String... patterns) {
        List<Pattern> accepted = Stream.of(patterns).map(Pattern::compile).toList();
        return new Target(
                example,
                (action, t) -> t != null
                                && accepted.stream().anyMatch(p -> p.matcher(t).matches())
                        ? List.of()
                        : List.of(action + " target '" + t + "' is not " + what),
                goneCodes);
    }
}
