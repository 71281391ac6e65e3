package dev.riposte.aws.action;

import dev.riposte.dispatch.ActionContext;

/**
 * Where an ARN-named resource lives. A KMS key, trail or DB instance given by ARN must be acted on in the ARN's
 * region and account (a trail's home region, say), which can differ from the event's; a destination of Riposte's own
 * lives in Riposte's account. Public: every service package whose targets may be ARNs uses it.
 */
public final class ArnScope {
    private ArnScope() {}

    /** {@code ctx} moved to the region and account of {@code arn}; unchanged when it is no ARN or names neither. */
    public static ActionContext of(ActionContext ctx, String arn) {
        if (arn == null || !arn.startsWith("arn:")) {
            return ctx;
        }
        String[] parts = arn.split(":", 6);
        if (parts.length < 6) {
            return ctx;
        }
        String region = parts[3].isEmpty() ? ctx.region() : parts[3];
        String account = parts[4].isEmpty() ? ctx.account() : parts[4];
        return new ActionContext(ctx.command(), ctx.event(), account, region);
    }

    /**
     * {@code ctx} for a destination of Riposte's own (a topic, an event bus, an archive bucket), not of the event's
     * account: no account, so Riposte's base credentials (no assumed role), in {@code region}.
     */
    public static ActionContext own(ActionContext ctx, String region) {
        return new ActionContext(ctx.command(), ctx.event(), null, region);
    }

    /** The last part of an ARN's resource ({@code db:mydb} gives {@code mydb}), or {@code target} as it is. */
    public static String name(String target, String separator) {
        if (target == null || !target.startsWith("arn:")) {
            return target;
        }
        String resource = target.split(":", 6).length == 6 ? target.split(":", 6)[5] : target;
        int i = resource.lastIndexOf(separator);
        return i < 0 ? resource : resource.substring(i + separator.length());
    }
}
