package dev.riposte.fact;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Other GuardDuty and Security Hub findings about the same resource or principal as the event {@code eventId}, updated
 * within the investigation window around the event's time. Inserted beside the {@link SecurityEvent} like the other
 * investigation context, so rules can weigh a repeat offender differently. The counts and {@link #top()} leave out the
 * event's own finding (and Security Hub's copy of it); {@link #findings()} is everything that was found.
 *
 * @param eventId  the SecurityEvent id this context was gathered for
 * @param subject  what was looked for: {@code instance/i-...}, {@code access-key/AKIA...} or {@code user/NAME}
 * @param findings what was found (at most the 50 most severe of each service), most severe first
 * @param complete false when one service could not be asked (an {@link InvestigationIncomplete} says which)
 */
public record RelatedFindings(String eventId, String subject, List<Finding> findings, boolean complete)
        implements EventContext {
    /** How many findings {@link #top()} shows. */
    public static final int TOP = 5;
    /** Subject prefixes. */
    public static final String INSTANCE = "instance/";

    public static final String ACCESS_KEY = "access-key/";
    public static final String USER = "user/";

    /**
     * The subjects an event names, the ones {@code aws:related-findings} looks findings up by (and recorded context
     * serves): {@code instance/i-...} per EC2 instance, the {@code access-key/...} used, the IAM {@code user/...}.
     */
    public static List<String> subjects(SecurityEvent event) {
        Set<String> out = new LinkedHashSet<>();
        for (Resource r : event.resources()) {
            if ("AWS::EC2::Instance".equals(r.type()) && r.id() != null && r.id().startsWith("i-")) {
                out.add(INSTANCE + r.id());
            }
        }
        Principal p = event.principal();
        Resource key = event.resource("AWS::IAM::AccessKey");
        if (key != null && key.id() != null) {
            out.add(ACCESS_KEY + key.id());
        } else if (p != null && p.accessKeyId() != null && !p.accessKeyId().isBlank()) {
            out.add(ACCESS_KEY + p.accessKeyId());
        }
        Resource user = event.resource("AWS::IAM::User");
        if (user != null && user.id() != null) {
            out.add(USER + user.id());
        } else if (p != null && "IAMUser".equals(p.type()) && p.name() != null) {
            out.add(USER + p.name());
        }
        return List.copyOf(out);
    }

    /**
     * One finding.
     *
     * @param source    {@code guardduty|securityhub}
     * @param id        the finding id (Security Hub: the ASFF {@code Id})
     * @param type      GuardDuty finding type, or the Security Hub control id / first ASFF type
     * @param severity  0-10 (Security Hub: {@code Severity.Normalized} / 10)
     * @param title     the finding's title
     * @param updatedAt when the finding was last updated, null when unknown
     */
    public record Finding(String source, String id, String type, double severity, String title, Instant updatedAt) {

        /** This finding is the one behind event {@code eventId}: the same id, or Security Hub's copy of a GuardDuty finding. */
        public boolean isFor(String eventId) {
            return eventId != null && id != null && (id.equals(eventId) || id.endsWith("/finding/" + eventId));
        }
    }

    public RelatedFindings {
        Objects.requireNonNull(subject, "subject");
        findings = findings == null ? List.of() : List.copyOf(findings);
    }

    /** The same context for another event (a cached investigation). */
    public RelatedFindings withEventId(String id) {
        return new RelatedFindings(id, subject, findings, complete);
    }

    /** The findings other than the event's own, most severe first. */
    public List<Finding> related() {
        return findings.stream().filter(f -> !f.isFor(eventId)).toList();
    }

    /** The most severe {@value #TOP} related findings. */
    public List<Finding> top() {
        List<Finding> r = related();
        return r.subList(0, Math.min(TOP, r.size()));
    }

    public int total() {
        return related().size();
    }

    /** Related findings of severity 9 or more. */
    public int critical() {
        return count(9, 11);
    }

    /** Severity 7 up to 9. */
    public int high() {
        return count(7, 9);
    }

    /** Severity 4 up to 7. */
    public int medium() {
        return count(4, 7);
    }

    /** Below 4. */
    public int low() {
        return count(-1, 4);
    }

    /** High or critical: severity 7 or more. */
    public int severe() {
        return count(7, 11);
    }

    /** Any related finding at all. */
    public boolean any() {
        return total() > 0;
    }

    /** The highest severity among the related findings, 0 when there is none. */
    public double maxSeverity() {
        return related().stream().mapToDouble(Finding::severity).max().orElse(0.0);
    }

    /** A related finding has a type starting with {@code prefix} (e.g. {@code "Backdoor:"}). */
    public boolean hasType(String prefix) {
        return related().stream().anyMatch(f -> f.type() != null && f.type().startsWith(prefix));
    }

    private int count(double from, double below) {
        return (int) related().stream()
                .filter(f -> f.severity() >= from && f.severity() < below)
                .count();
    }
}
