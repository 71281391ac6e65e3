package dev.riposte.guard;

import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.DispatchCheck;
import dev.riposte.dispatch.RateLimitedException;
import dev.riposte.dispatch.TagReader;
import dev.riposte.fact.Resource;
import java.util.Map;
import java.util.Optional;

/**
 * Resources carrying the exempt tag are never touched by a mutating action. Live commands read the tags as they
 * are now through the {@link TagReader} (a tag added after the event still counts); when no reader knows the
 * resource type, or in dry-run (which never calls AWS), the tags the event carried decide. A reader that fails
 * stops the command: better a missed remediation than an exempt resource touched.
 */
final class ExemptTagCheck implements DispatchCheck {
    private final String tag;
    private final TagReader reader;

    /** @param reader null when no implementation is installed */
    ExemptTagCheck(String tag, TagReader reader) {
        this.tag = tag;
        this.reader = reader;
    }

    @Override
    public Optional<Stop> before(Attempt attempt) {
        ActionContext ctx = attempt.context();
        if (!attempt.spec().mutating() || ctx.target() == null) {
            return Optional.empty();
        }
        Resource known = Targets.of(ctx);
        String type = known != null ? known.type() : attempt.spec().targetType();
        String id = known != null && known.id() != null ? known.id() : ctx.target();
        Map<String, String> tags = known != null ? known.tags() : Map.of();
        String seen = "event";
        if (attempt.live() && reader != null) {
            try {
                Optional<Map<String, String>> current = reader.currentTags(ctx.account(), ctx.region(), type, id);
                if (current.isPresent()) {
                    tags = current.get();
                    seen = "current";
                }
            } catch (RateLimitedException e) {
                return Optional.of(new Stop(
                        Outcome.RATE_LIMITED,
                        "cannot read the current tags of " + id + " to check " + tag
                                + " within the rate limit, deferred: " + e.getMessage()));
            } catch (RuntimeException e) {
                return Optional.of(new Stop(
                        Outcome.SKIPPED,
                        "cannot read the current tags of " + id + " to check " + tag + ", not acting: "
                                + e.getMessage()));
            }
        }
        String value = tags.get(tag);
        if (value != null && !"false".equalsIgnoreCase(value.strip())) {
            return Optional.of(
                    new Stop(Outcome.EXEMPT, id + " is tagged " + tag + "=" + value + " (" + seen + " tags)"));
        }
        return Optional.empty();
    }
}
