package dev.riposte.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.riposte.audit.AuditRecord;
import dev.riposte.dispatch.EventReport;
import dev.riposte.fact.InvestigationIncomplete;
import dev.riposte.fact.SecurityEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes one investigation report per event to {@code riposte.reports.dir}: {@code <eventId>.md} for a human and
 * {@code <eventId>.json} for tools, with what happened, the context gathered, the rules that fired, the actions
 * with their outcomes and what could not be investigated. A re-delivered event overwrites its report.
 * Public: the CLI wiring constructs it.
 */
public final class InvestigationReports {
    private final Path dir;
    private final ObjectMapper json = new ObjectMapper()
            .findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public InvestigationReports(Path dir) {
        this.dir = dir;
    }

    /** Writes the report and returns the Markdown file's path. */
    Path write(SecurityEvent e, List<Object> context, List<String> rulesFired, List<AuditRecord> records) {
        return write(render(e, context, rulesFired, records));
    }

    /** Writes a rendered report (both files, each replaced atomically) and returns the Markdown file's path. */
    Path write(EventReport report) {
        Path md = Path.of(report.markdownPath());
        try {
            Files.createDirectories(dir);
            replace(Path.of(report.jsonPath()), report.json());
            replace(md, report.markdown());
        } catch (IOException ex) {
            throw new UncheckedIOException(
                    "cannot write the investigation report to " + dir + ": " + ex.getMessage(), ex);
        }
        return md;
    }

    /**
     * The report as it stands with {@code records} (the commands carried out so far), without writing it: what
     * notification and forwarding actions carry.
     */
    EventReport render(SecurityEvent e, List<Object> context, List<String> rulesFired, List<AuditRecord> records) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("eventId", e.id());
        report.put("source", e.source());
        report.put("type", e.type());
        report.put("time", e.time().toString());
        report.put("account", e.account());
        report.put("region", e.region());
        report.put("severity", e.severity());
        report.put("principal", e.principal());
        report.put("resources", e.resources());
        List<Object> gathered = new ArrayList<>();
        List<Object> incomplete = new ArrayList<>();
        for (Object c : context) {
            if (c instanceof InvestigationIncomplete i) {
                incomplete.add(i);
            } else {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("kind", c.getClass().getSimpleName());
                m.put("fact", c);
                gathered.add(m);
            }
        }
        report.put("complete", incomplete.isEmpty());
        report.put("context", gathered);
        report.put("incomplete", incomplete);
        report.put("rulesFired", rulesFired);
        List<ReportAction> actions = new ArrayList<>();
        for (AuditRecord r : records) {
            ReportAction a = ReportAction.of(r);
            if (a != null) {
                actions.add(a);
            }
        }
        report.put("actions", actions.stream().map(ReportAction::json).toList());
        String base = safeName(e.id());
        String text;
        try {
            text = json.writeValueAsString(report);
        } catch (IOException ex) {
            throw new UncheckedIOException(
                    "cannot render the investigation report of " + e.id() + ": " + ex.getMessage(), ex);
        }
        return new EventReport(
                ReportSummary.of(e, context, rulesFired, actions),
                dir.resolve(base + ".md").toString(),
                dir.resolve(base + ".json").toString(),
                ReportMarkdown.of(e, context, rulesFired, actions),
                text);
    }

    /** Event ids are external input: keep letters, digits and {@code .-_} so an id can never name another path. */
    static String safeName(String id) {
        String s = id.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.isEmpty() || s.startsWith(".") ? "event" + s : s;
    }

    private static void replace(Path target, String text) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
