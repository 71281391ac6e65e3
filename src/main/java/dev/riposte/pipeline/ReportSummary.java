package dev.riposte.pipeline;

import dev.riposte.fact.ActivitySummary;
import dev.riposte.fact.BucketContext;
import dev.riposte.fact.InstanceContext;
import dev.riposte.fact.InvestigationIncomplete;
import dev.riposte.fact.PrincipalContext;
import dev.riposte.fact.SecurityEvent;
import java.util.List;

/**
 * The key facts of an investigation report in a few plain-text lines, one per context fact: what a notification
 * shows before its reader opens the full report. Plain text: SNS e-mail, Slack and Teams all render it.
 */
final class ReportSummary {
    private ReportSummary() {}

    static String of(SecurityEvent e, List<Object> context, List<String> rulesFired, List<ReportAction> actions) {
        StringBuilder b = new StringBuilder();
        b.append("Investigation of ").append(e.source()).append(' ').append(e.type());
        if (e.severity() != null) {
            b.append(" (severity ").append(e.severity()).append(')');
        }
        b.append(" in ").append(e.account()).append('/').append(e.region()).append('\n');
        for (Object c : context) {
            if (c instanceof InstanceContext i) {
                b.append("- Instance ")
                        .append(i.instanceId())
                        .append(": ")
                        .append(i.state())
                        .append(i.isProduction() ? ", PRODUCTION" : "")
                        .append(", tags ")
                        .append(ReportText.tags(i.tags()))
                        .append(", groups ")
                        .append(ReportText.list(i.securityGroups()))
                        .append(", role ")
                        .append(ReportText.orNone(i.roleName()))
                        .append(i.isExposed() ? ", open to the internet: " + String.join(", ", i.openIngress()) : "")
                        .append('\n');
            } else if (c instanceof PrincipalContext p) {
                b.append("- ")
                        .append(p.isRole() ? "Role " : "User ")
                        .append(p.name())
                        .append(": ")
                        .append(p.admin() ? "ADMIN-EQUIVALENT" : "not admin")
                        .append(p.isBreakGlass() ? ", break-glass" : "")
                        .append(p.isRole() ? "" : p.mfaEnabled() ? ", MFA" : ", no MFA")
                        .append('\n');
            } else if (c instanceof ActivitySummary a) {
                b.append("- Activity of ")
                        .append(a.subject())
                        .append(" since ")
                        .append(a.from())
                        .append(": ")
                        .append(a.events())
                        .append(" calls (")
                        .append(ReportText.counts(a.callsByService()))
                        .append("), ")
                        .append(a.errors())
                        .append(" errors, new source IPs ")
                        .append(ReportText.list(a.newSourceIps()))
                        .append(", first-time actions ")
                        .append(ReportText.list(a.firstTimeActions()))
                        .append('\n');
            } else if (c instanceof BucketContext k) {
                b.append("- Bucket ")
                        .append(k.bucket())
                        .append(": ")
                        .append(k.isPublic() ? "PUBLIC" : "not public")
                        .append(k.isFullyBlocked() ? ", public access blocked" : "")
                        .append(", encryption ")
                        .append(ReportText.orNone(k.encryption()))
                        .append(", versioning ")
                        .append(k.isVersioned() ? "on" : "off")
                        .append('\n');
            } else if (c instanceof InvestigationIncomplete m) {
                b.append("- Incomplete: ").append(ReportText.missing(m)).append('\n');
            }
        }
        b.append("Rules fired: ")
                .append(rulesFired.isEmpty() ? "none" : String.join("; ", rulesFired))
                .append('\n');
        if (!actions.isEmpty()) {
            b.append("Actions: ")
                    .append(String.join(
                            "; ", actions.stream().map(ReportAction::brief).toList()))
                    .append('\n');
        }
        return b.toString().stripTrailing();
    }
}
