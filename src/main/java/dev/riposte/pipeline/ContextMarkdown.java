package dev.riposte.pipeline;

import static dev.riposte.pipeline.ReportText.block;
import static dev.riposte.pipeline.ReportText.counts;
import static dev.riposte.pipeline.ReportText.list;
import static dev.riposte.pipeline.ReportText.orNone;
import static dev.riposte.pipeline.ReportText.tags;

import dev.riposte.fact.ActivitySummary;
import dev.riposte.fact.BucketContext;
import dev.riposte.fact.InstanceContext;
import dev.riposte.fact.PrincipalContext;
import dev.riposte.fact.RelatedFindings;
import java.util.List;

/** The "Context" section of an investigation report's Markdown: one subsection per context fact gathered. */
final class ContextMarkdown {
    private ContextMarkdown() {}

    static void append(StringBuilder b, List<Object> context) {
        b.append("## Context\n\n");
        boolean any = false;
        for (Object c : context) {
            any |= section(b, c);
        }
        if (!any) {
            b.append("No context was gathered.\n\n");
        }
    }

    /** @return false when {@code c} is no context fact (an incomplete step has its own section) */
    private static boolean section(StringBuilder b, Object c) {
        if (c instanceof InstanceContext i) {
            instance(b, i);
        } else if (c instanceof PrincipalContext p) {
            principal(b, p);
        } else if (c instanceof ActivitySummary a) {
            activity(b, a);
        } else if (c instanceof BucketContext k) {
            bucket(b, k);
        } else if (c instanceof RelatedFindings f) {
            relatedFindings(b, f);
        } else {
            return false;
        }
        return true;
    }

    private static void heading(StringBuilder b, String title, boolean complete) {
        b.append("### ").append(title).append(complete ? "" : " (incomplete)").append("\n\n");
    }

    private static void instance(StringBuilder b, InstanceContext i) {
        heading(b, "EC2 instance " + i.instanceId(), i.complete());
        b.append("- State: ").append(i.state()).append('\n');
        b.append("- Tags: ").append(tags(i.tags())).append('\n');
        b.append("- Production: ").append(i.isProduction() ? "yes" : "no").append('\n');
        b.append("- Public IP: ").append(orNone(i.publicIp())).append('\n');
        b.append("- VPC / subnet: ")
                .append(orNone(i.vpcId()))
                .append(" / ")
                .append(orNone(i.subnetId()))
                .append('\n');
        b.append("- Security groups: ").append(list(i.securityGroups())).append('\n');
        b.append("- Open to the internet: ").append(list(i.openIngress())).append('\n');
        b.append("- Instance profile: ").append(orNone(i.instanceProfileArn())).append('\n');
        b.append("- Role: ").append(orNone(i.roleName())).append('\n');
        b.append("- Auto Scaling group: ").append(orNone(i.autoScalingGroup())).append('\n');
        b.append("- Volumes: ").append(list(i.volumeIds())).append("\n\n");
    }

    private static void principal(StringBuilder b, PrincipalContext p) {
        heading(b, "IAM " + (p.isRole() ? "role " : "user ") + p.name(), p.complete());
        b.append("- ARN: ").append(p.arn()).append('\n');
        b.append("- Admin-equivalent: ").append(p.admin() ? "YES" : "no").append('\n');
        b.append("- Break-glass: ").append(p.isBreakGlass() ? "yes" : "no").append('\n');
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
    }

    private static void activity(StringBuilder b, ActivitySummary a) {
        b.append("### Recent CloudTrail activity of ")
                .append(a.subject())
                .append(a.truncated() ? " (truncated)" : "")
                .append("\n\n");
        b.append("- Subject: ").append(ReportText.subject(a)).append('\n');
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
        b.append("- First-time actions: ").append(list(a.firstTimeActions())).append("\n\n");
    }

    private static void bucket(StringBuilder b, BucketContext k) {
        heading(b, "S3 bucket " + k.bucket(), k.complete());
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
        b.append("- Default encryption: ").append(orNone(k.encryption())).append('\n');
        b.append("- Versioning: ")
                .append(k.versioning() == null ? "never enabled" : k.versioning())
                .append("\n\n");
    }

    private static void relatedFindings(StringBuilder b, RelatedFindings f) {
        heading(b, "Related findings for " + f.subject(), f.complete());
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
}
