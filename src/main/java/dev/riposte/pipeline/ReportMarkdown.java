package dev.riposte.pipeline;

import dev.riposte.fact.ActivitySummary;
import dev.riposte.fact.BucketContext;
import dev.riposte.fact.InstanceContext;
import dev.riposte.fact.InvestigationIncomplete;
import dev.riposte.fact.PrincipalContext;
import dev.riposte.fact.RelatedFindings;
import dev.riposte.fact.Resource;
import dev.riposte.fact.SecurityEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The Markdown half of an investigation report ({@link InvestigationReports}): what a human reads. */
final class ReportMarkdown {
    private ReportMarkdown() {}

    static String of(
            SecurityEvent e, List<Object> context, List<String> rulesFired, List<Map<String, Object>> actions) {
        StringBuilder b = new StringBuilder();
        b.append("# Investigation report: ")
                .append(e.source())
                .append(' ')
                .append(e.type())
                .append("\n\n");
        b.append("- Event: `").append(e.id()).append("` at ").append(e.time()).append('\n');
        b.append("- Account / region: ")
                .append(e.account())
                .append(" / ")
                .append(e.region())
                .append('\n');
        if (e.severity() != null) {
            b.append("- Severity: ").append(e.severity()).append('\n');
        }
        String who = e.principal() == null
                ? null
                : e.principal().arn() != null
                        ? e.principal().arn()
                        : e.principal().name();
        if (who != null) { // a finding without an actor has no principal line, not "Unknown null"
            b.append("- Principal: ")
                    .append(e.principal().type())
                    .append(' ')
                    .append(who)
                    .append('\n');
        }
        for (Resource r : e.resources()) {
            b.append("- Resource: ").append(r.type()).append(' ').append(r.id()).append('\n');
        }
        b.append("\n## Context\n\n");
        boolean any = false;
        for (Object c : context) {
            if (c instanceof InstanceContext i) {
                any = true;
                b.append("### EC2 instance ")
                        .append(i.instanceId())
                        .append(i.complete() ? "" : " (incomplete)")
                        .append("\n\n");
                b.append("- State: ").append(i.state()).append('\n');
                b.append("- Tags: ").append(tags(i.tags())).append('\n');
                b.append("- Production: ")
                        .append(i.isProduction() ? "yes" : "no")
                        .append('\n');
                b.append("- Public IP: ").append(orNone(i.publicIp())).append('\n');
                b.append("- VPC / subnet: ")
                        .append(orNone(i.vpcId()))
                        .append(" / ")
                        .append(orNone(i.subnetId()))
                        .append('\n');
                b.append("- Security groups: ").append(list(i.securityGroups())).append('\n');
                b.append("- Open to the internet: ")
                        .append(list(i.openIngress()))
                        .append('\n');
                b.append("- Instance profile: ")
                        .append(orNone(i.instanceProfileArn()))
                        .append('\n');
                b.append("- Role: ").append(orNone(i.roleName())).append('\n');
                b.append("- Auto Scaling group: ")
                        .append(orNone(i.autoScalingGroup()))
                        .append('\n');
                b.append("- Volumes: ").append(list(i.volumeIds())).append("\n\n");
            } else if (c instanceof PrincipalContext p) {
                any = true;
                b.append("### IAM ")
                        .append(p.isRole() ? "role " : "user ")
                        .append(p.name())
                        .append(p.complete() ? "" : " (incomplete)")
                        .append("\n\n");
                b.append("- ARN: ").append(p.arn()).append('\n');
                b.append("- Admin-equivalent: ")
                        .append(p.admin() ? "YES" : "no")
                        .append('\n');
                b.append("- Break-glass: ")
                        .append(p.isBreakGlass() ? "yes" : "no")
                        .append('\n');
                b.append("- Policies: ").append(list(p.policies())).append('\n');
                b.append("- Tags: ").append(tags(p.tags())).append('\n');
                if (!p.isRole()) {
                    b.append("- MFA: ")
                            .append(p.mfaEnabled() ? "yes" : "no")
                            .append(", console access: ")
                            .append(p.consoleAccess() ? "yes" : "no")
                            .append('\n');
                    b.append("- Groups: ").append(list(p.groups())).append('\n');
                    for (PrincipalContext.AccessKey k : p.accessKeys()) {
                        b.append("- Access key ")
                                .append(k.id())
                                .append(" (")
                                .append(k.status())
                                .append("): last used ")
                                .append(
                                        k.lastUsed() == null
                                                ? "never"
                                                : k.lastUsed() + " " + k.lastService() + " " + k.lastRegion())
                                .append('\n');
                    }
                }
                b.append('\n');
            } else if (c instanceof ActivitySummary a) {
                any = true;
                b.append("### Recent CloudTrail activity of ")
                        .append(a.subject())
                        .append(a.truncated() ? " (truncated)" : "")
                        .append("\n\n");
                b.append("- Subject: ").append(subject(a)).append('\n');
                b.append("- Window: ")
                        .append(a.from())
                        .append(" to ")
                        .append(a.to())
                        .append(" (baseline from ")
                        .append(a.baselineFrom())
                        .append(", ")
                        .append(a.baselineEvents())
                        .append(" events)\n");
                b.append("- Calls: ")
                        .append(a.events())
                        .append(" (")
                        .append(counts(a.callsByService()))
                        .append("), errors: ")
                        .append(a.errors())
                        .append('\n');
                b.append("- Regions: ").append(list(a.regions())).append('\n');
                b.append("- Source IPs: ")
                        .append(list(a.sourceIps()))
                        .append("; new: ")
                        .append(list(a.newSourceIps()))
                        .append('\n');
                b.append("- First-time actions: ")
                        .append(list(a.firstTimeActions()))
                        .append("\n\n");
            } else if (c instanceof BucketContext k) {
                any = true;
                b.append("### S3 bucket ")
                        .append(k.bucket())
                        .append(k.complete() ? "" : " (incomplete)")
                        .append("\n\n");
                b.append("- Public: ")
                        .append(k.isPublic() ? "YES" : "no")
                        .append(" (policy public: ")
                        .append(k.policyPublic() == null ? "unknown" : k.policyPublic() ? "yes" : "no")
                        .append(", public ACL grants: ")
                        .append(list(k.publicGrants()))
                        .append(")\n");
                b.append("- Block Public Access: bucket ")
                        .append(block(k.bucketBlock()))
                        .append(", account ")
                        .append(block(k.accountBlock()))
                        .append('\n');
                b.append("- Default encryption: ")
                        .append(orNone(k.encryption()))
                        .append('\n');
                b.append("- Versioning: ")
                        .append(k.versioning() == null ? "never enabled" : k.versioning())
                        .append("\n\n");
            } else if (c instanceof RelatedFindings f) {
                any = true;
                relatedFindings(b, f);
            }
        }
        if (!any) {
            b.append("No context was gathered.\n\n");
        }
        List<InvestigationIncomplete> missing = context.stream()
                .filter(InvestigationIncomplete.class::isInstance)
                .map(InvestigationIncomplete.class::cast)
                .toList();
        if (!missing.isEmpty()) {
            b.append("## Incomplete\n\n");
            missing.forEach(m -> b.append("- ")
                    .append(m.step())
                    .append(": ")
                    .append(m.reason())
                    .append('\n'));
            b.append('\n');
        }
        b.append("## Rules fired\n\n");
        if (rulesFired.isEmpty()) {
            b.append("None.\n");
        }
        rulesFired.forEach(r -> b.append("- ").append(r).append('\n'));
        b.append("\n## Actions\n\n");
        if (actions.isEmpty()) {
            b.append("None.\n");
        }
        for (Map<String, Object> a : actions) {
            b.append("- `")
                    .append(a.get("action"))
                    .append("` on ")
                    .append(a.get("target"))
                    .append(" (rule \"")
                    .append(a.get("rule"))
                    .append("\"): **")
                    .append(a.get("outcome"))
                    .append("** (")
                    .append(a.get("mode"))
                    .append(')');
            if (a.get("error") != null) {
                b.append(": ").append(a.get("error"));
            }
            Object message = ((Map<?, ?>) a.get("params")).get("message");
            if (message != null) {
                b.append(" — ").append(message);
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static void relatedFindings(StringBuilder b, RelatedFindings f) {
        b.append("### Related findings for ")
                .append(f.subject())
                .append(f.complete() ? "" : " (incomplete)")
                .append("\n\n");
        b.append("- Other findings: ")
                .append(f.total())
                .append(" (critical ")
                .append(f.critical())
                .append(", high ")
                .append(f.high())
                .append(", medium ")
                .append(f.medium())
                .append(", low ")
                .append(f.low())
                .append(")\n");
        for (RelatedFindings.Finding x : f.top()) {
            b.append("- ")
                    .append(x.source())
                    .append(' ')
                    .append(x.type())
                    .append(", severity ")
                    .append(x.severity())
                    .append(": ")
                    .append(x.title())
                    .append(" (updated ")
                    .append(x.updatedAt())
                    .append(", `")
                    .append(x.id())
                    .append("`)\n");
        }
        b.append('\n');
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
