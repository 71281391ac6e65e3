package dev.riposte.dispatch;

import dev.riposte.text.Strings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What an action is: its id, what it does, the parameters it takes, the IAM permissions it needs.
 *
 * Handlers build it with {@link #builder}, so a spec reads as named properties.
 *
 * @param mutating  false for read-only and notification actions (they do not count for the breaker)
 * @param awsDryRun true when the AWS API itself supports {@code DryRun=true} (EC2)
 */
public record ActionSpec(
        String id,
        String description,
        String targetType,
        List<ParamSpec> params,
        List<String> permissions,
        boolean mutating,
        boolean awsDryRun) {

    public ActionSpec {
        params = List.copyOf(params);
        permissions = List.copyOf(permissions);
        if (!id.matches("[a-z0-9]+:[a-z0-9]+(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException("action id must be service:verb-noun, got " + id);
        }
    }

    /**
     * A spec with id {@code id}: {@code ActionSpec.builder("ec2:stop-instance").description("...").targetType("AWS::EC2::Instance")
     * .params(...).permissions("ec2:StopInstances").awsDryRun(true).build()}. Unless said otherwise it takes no parameters,
     * needs no permissions, has no target type, is mutating (it counts for the breaker) and its API has no DryRun.
     */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    /** Builds an {@link ActionSpec} from named properties; {@link ActionSpec#builder} says the defaults. */
    public static final class Builder {
        private final String id;
        private String description;
        private String targetType;
        private List<ParamSpec> params = List.of();
        private List<String> permissions = List.of();
        private boolean mutating = true;
        private boolean awsDryRun;

        private Builder(String id) {
            this.id = id;
        }

        /** What the action does, one sentence (docs/actions.md and {@code riposte actions} show it). */
        public Builder description(String description) {
            this.description = description;
            return this;
        }

        /** The CloudFormation type of the target ({@code AWS::EC2::Instance}); none when the parameters say what. */
        public Builder targetType(String targetType) {
            this.targetType = targetType;
            return this;
        }

        public Builder params(ParamSpec... params) {
            return params(List.of(params));
        }

        public Builder params(List<ParamSpec> params) {
            this.params = params;
            return this;
        }

        /** The IAM actions its calls need ({@code riposte iam-policy} prints them). */
        public Builder permissions(String... permissions) {
            return permissions(List.of(permissions));
        }

        public Builder permissions(List<String> permissions) {
            this.permissions = permissions;
            return this;
        }

        /** False for read-only, notification and forwarding actions: they do not count for the breaker. */
        public Builder mutating(boolean mutating) {
            this.mutating = mutating;
            return this;
        }

        /** True when the AWS API itself takes {@code DryRun=true} (EC2), so the action can be validated with AWS. */
        public Builder awsDryRun(boolean awsDryRun) {
            this.awsDryRun = awsDryRun;
            return this;
        }

        public ActionSpec build() {
            return new ActionSpec(id, description, targetType, params, permissions, mutating, awsDryRun);
        }
    }

    /** Problems with {@code given} parameters: unknown keys (with the nearest known one), missing required ones, wrong types. */
    public List<String> validate(Map<String, ?> given) {
        return validate(given, k -> true);
    }

    /**
     * Like {@link #validate(Map)}, checking the type of the keys {@code typeKnown} accepts only: a value computed
     * when the rule fires, or a playbook's {@code ${...}} reference, is only known at dispatch.
     */
    public List<String> validate(Map<String, ?> given, Predicate<String> typeKnown) {
        Set<String> known = params.stream().map(ParamSpec::name).collect(Collectors.toCollection(TreeSet::new));
        List<String> problems = new ArrayList<>();
        for (String k : given.keySet()) {
            if (!known.contains(k)) {
                problems.add("unknown parameter '" + k + "' for " + id + nearest(k, known) + " (known: "
                        + (known.isEmpty() ? "none" : String.join(", ", known)) + ")");
            }
        }
        for (ParamSpec p : params) {
            Object v = given.get(p.name());
            if (v == null) {
                if (p.required() && !given.containsKey(p.name())) {
                    problems.add("missing required parameter '" + p.name() + "' for " + id);
                } else if (p.required()) {
                    problems.add("required parameter '" + p.name() + "' of " + id + " is null");
                }
            } else if (typeKnown.test(p.name()) && !p.accepts(v)) {
                problems.add("parameter '" + p.name() + "' of " + id + " must be " + p.type() + ", got "
                        + v.getClass().getSimpleName() + " "
                        + (v instanceof CharSequence ? "\"" + v + "\"" : String.valueOf(v)));
            }
        }
        return problems;
    }

    /** ": did you mean 'x'?" when a known name is close to {@code key}, else "". */
    private static String nearest(String key, Set<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = Strings.distance(key.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best != null && bestDistance <= Math.max(2, key.length() / 3) ? " (did you mean '" + best + "'?)" : "";
    }
}
