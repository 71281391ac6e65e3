package dev.riposte.pipeline;

import dev.riposte.fact.ActivitySummary;
import dev.riposte.fact.BucketContext;
import dev.riposte.fact.InvestigationIncomplete;
import dev.riposte.fact.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The words an investigation report's Markdown ({@link ReportMarkdown}, {@link ContextMarkdown}) and its summary
 * ({@link ReportSummary}) share, so the two always say the same thing the same way.
 */
final class ReportText {
    private ReportText() {}

    /**
     * Who acted, as far as the event tells: type and ARN (or name), access key, source IP; null when it tells
     * nothing. An unknown type is left out rather than printed ("Unknown null" says nothing).
     */
    static String actor(Principal p) {
        if (p == null) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        String who = p.arn() != null ? p.arn() : p.name();
        boolean typed = p.type() != null && !"Unknown".equals(p.type());
        if (who != null) {
            parts.add(typed ? p.type() + " " + who : who);
        } else if (typed) {
            parts.add(p.type());
        }
        if (p.accessKeyId() != null) {
            parts.add("access key " + p.accessKeyId());
        }
        if (p.sourceIp() != null) {
            parts.add((parts.isEmpty() ? "unknown, " : "") + "from " + p.sourceIp());
        }
        return parts.isEmpty() ? null : String.join(", ", parts);
    }

    /** A step that could not run, in one line: the step and its target, the cause and the fix. */
    static String missing(InvestigationIncomplete m) {
        return m.step() + ": " + m.reason();
    }

    /** What an activity summary is about, in words. */
    static String subject(ActivitySummary a) {
        String id = a.subjectId();
        String kind = a.kind() == null ? "" : a.kind();
        return switch (kind) {
            case "accessKey" -> "access key " + id;
            case "user" -> "IAM user " + id;
            case "instance" -> "the role credentials of EC2 instance " + id + " (CloudTrail session name " + id + ")";
            case "ip" -> "calls from source IP " + id;
            default -> String.valueOf(a.subject());
        };
    }

    static String counts(Map<String, Integer> counts) {
        if (counts.isEmpty()) {
            return "none";
        }
        List<String> out = new ArrayList<>();
        counts.forEach((k, v) -> out.add(k + " " + v));
        return String.join(", ", out);
    }

    static String block(BucketContext.PublicAccessBlock b) {
        if (b == null) {
            return "none";
        }
        return b.isFull()
                ? "all four on"
                : "BlockPublicAcls=" + b.blockPublicAcls() + " IgnorePublicAcls=" + b.ignorePublicAcls()
                        + " BlockPublicPolicy=" + b.blockPublicPolicy() + " RestrictPublicBuckets="
                        + b.restrictPublicBuckets();
    }

    static String orNone(String s) {
        return s == null ? "none" : s;
    }

    static String list(List<String> l) {
        return l.isEmpty() ? "none" : String.join(", ", l);
    }

    static String tags(Map<String, String> tags) {
        if (tags.isEmpty()) {
            return "none";
        }
        List<String> out = new ArrayList<>();
        tags.forEach((k, v) -> out.add(k + "=" + v));
        return String.join(", ", out);
    }
}
