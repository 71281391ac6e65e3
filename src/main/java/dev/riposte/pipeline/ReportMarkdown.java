package dev.riposte.pipeline;

import dev.riposte.fact.InvestigationIncomplete;
import dev.riposte.fact.Resource;
import dev.riposte.fact.SecurityEvent;
import java.util.List;

/**
 * The Markdown half of an investigation report ({@link InvestigationReports}): what a human reads. The event, the
 * context gathered ({@link ContextMarkdown}), one line per step that could not run (cause and fix), the rules that
 * fired, and each action with the rule that decided it and its AWS requests.
 */
final class ReportMarkdown {
    private ReportMarkdown() {}

    static String of(SecurityEvent e, List<Object> context, List<String> rulesFired, List<ReportAction> actions) {
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
        String actor = ReportText.actor(e.principal());
        if (actor != null) { // a finding that names no actor has no principal line
            b.append("- Principal: ").append(actor).append('\n');
        }
        for (Resource r : e.resources()) {
            b.append("- Resource: ").append(r.type()).append(' ').append(r.id()).append('\n');
        }
        b.append('\n');
        ContextMarkdown.append(b, context);
        List<InvestigationIncomplete> missing = context.stream()
                .filter(InvestigationIncomplete.class::isInstance)
                .map(InvestigationIncomplete.class::cast)
                .toList();
        if (!missing.isEmpty()) {
            b.append("## Incomplete\n\n");
            missing.forEach(m -> b.append("- ").append(ReportText.missing(m)).append('\n'));
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
        actions.forEach(a -> a.markdown(b));
        return b.toString();
    }
}
