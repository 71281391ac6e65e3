package dev.riposte.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The front door of normalization: one input document in, one or more facts out. It detects the
 * envelope (SNS notification, EventBridge event, CloudTrail log file, JSON array) and the source
 * (GuardDuty, CloudTrail, Security Hub, Config, Inspector, Macie, Access Analyzer, Health, custom) unless a format
 * is forced, enforces the size
 * and depth limits, and rejects anything else with a one-line reason. Immutable and thread-safe.
 */
public final class Normalizer {
    private static final int MAX_SNS_NESTING = 2;

    private final Format format;

    /** A normalizer that detects the format of each input. */
    public Normalizer() {
        this(Format.AUTO);
    }

    private Normalizer(Format format) {
        this.format = format;
    }

    /**
     * A normalizer that treats every input as the named format ({@code --format}): one of
     * {@code auto|guardduty|cloudtrail|securityhub|config|inspector|macie|accessanalyzer|health|custom}.
     *
     * @throws IllegalArgumentException for any other name
     */
    public static Normalizer forFormat(String name) {
        return new Normalizer(Format.of(name));
    }

    /** The name of the forced format, or {@code auto}. */
    public String format() {
        return format.id();
    }

    /**
     * Normalizes a parsed document (an event, a CloudTrail log file, an array of events...). The
     * facts' {@code detail} maps are read-only views over {@code input}: do not modify it afterwards.
     */
    public List<Normalized> normalize(JsonNode input) throws RejectedInputException {
        if (input == null || input.isMissingNode()) {
            throw new RejectedInputException("not JSON: empty input");
        }
        try {
            Limits.check(input);
        } catch (BadInput e) {
            throw new RejectedInputException(e.getMessage());
        }
        return normalizeWithinLimits(input);
    }

    /** The rest of {@link #normalize(JsonNode)}, for trees already known to be within the limits. */
    private List<Normalized> normalizeWithinLimits(JsonNode input) throws RejectedInputException {
        try {
            View doc = View.of(input);
            if (!doc.isArray()) {
                return route(doc, 0);
            }
            // a JSON array of events (one level only: arrays inside it are not events)
            List<Normalized> out = new ArrayList<>();
            List<View> items = doc.items();
            for (int i = 0; i < items.size(); i++) {
                try {
                    out.addAll(route(items.get(i), 0));
                } catch (BadInput e) {
                    throw new BadInput("element " + i + ": " + e.getMessage());
                }
            }
            return out;
        } catch (BadInput e) {
            throw new RejectedInputException(e.getMessage());
        } catch (RuntimeException e) {
            // a defect of ours must not take the service down; the reason says it is not the input's fault
            throw new RejectedInputException("internal error normalizing input: " + e);
        }
    }

    /** Parses and normalizes JSON text, checking size and depth before building the tree. */
    public List<Normalized> normalize(String json) throws RejectedInputException {
        if (json == null || json.isBlank()) {
            throw new RejectedInputException("not JSON: empty input");
        }
        JsonNode tree;
        try {
            tree = Limits.parse(json);
        } catch (BadInput e) {
            throw new RejectedInputException(e.getMessage());
        }
        // the parser enforced the size and depth limits: no second walk over the tree
        return normalizeWithinLimits(tree);
    }

    private List<Normalized> route(View doc, int snsDepth) {
        if (!doc.isObject()) {
            throw new BadInput("unknown event shape: " + View.kind(doc.raw()) + " is not an event object");
        }
        // the two shapes most inputs have, recognised by exact keys before the case-insensitive checks below
        JsonNode raw = doc.raw();
        if (raw.has("detail-type") && raw.has("source") && raw.has("detail")) {
            return fromEventBridge(doc, Envelope.read(doc));
        }
        if (format == Format.AUTO
                && raw.has("eventName")
                && raw.has("eventSource")
                && (raw.has("eventVersion") || raw.has("eventID"))
                && !raw.has("Records")) {
            return List.of(CloudTrailMapper.map(doc, Envelope.NONE));
        }
        if (isSns(doc)) {
            if (snsDepth >= MAX_SNS_NESTING) {
                throw new BadInput("SNS notifications nested too deeply");
            }
            JsonNode inner;
            String message = doc.get("Message").text();
            if (message == null) {
                throw new BadInput("SNS message: not JSON: empty input");
            }
            try {
                inner = Limits.parse(message);
            } catch (BadInput e) {
                throw new BadInput("SNS message: " + e.getMessage());
            }
            return route(View.of(inner), snsDepth + 1);
        }
        if (doc.get("Records").isArray()) {
            List<Normalized> out = new ArrayList<>();
            List<View> records = doc.get("Records").items();
            for (int i = 0; i < records.size(); i++) {
                try {
                    out.add(CloudTrailMapper.map(records.get(i), Envelope.NONE));
                } catch (BadInput e) {
                    throw new BadInput("Records[" + i + "]: " + e.getMessage());
                }
            }
            return out;
        }
        if (Envelope.looksLike(doc)) {
            return fromEventBridge(doc, Envelope.read(doc));
        }
        if (doc.get("Findings").isArray() && !doc.get("SchemaVersion").exists()) {
            // a GetFindings response body (GuardDuty or Security Hub): each finding on its own
            List<Normalized> out = new ArrayList<>();
            List<View> findings = doc.get("Findings").items();
            for (int i = 0; i < findings.size(); i++) {
                try {
                    out.addAll(bare(findings.get(i).obj()));
                } catch (BadInput e) {
                    throw new BadInput("Findings[" + i + "]: " + e.getMessage());
                }
            }
            return out;
        }
        return bare(doc);
    }

    private static boolean isSns(View doc) {
        return "Notification".equals(doc.text("Type"))
                && doc.get("Message").exists()
                && !doc.get("Message").raw().isContainerNode();
    }

    private List<Normalized> fromEventBridge(View doc, Envelope env) {
        View detail = doc.get("detail");
        Format f = format;
        if (f == Format.AUTO) {
            f = detect(env, detail);
        }
        return switch (f) {
            case GUARDDUTY ->
                List.of(
                        MalwareScanMapper.DETAIL_TYPE.equals(env.detailType())
                                ? MalwareScanMapper.map(detail, env)
                                : GuardDutyMapper.map(detail, env));
            case CLOUDTRAIL -> List.of(CloudTrailMapper.map(detail, env));
            case SECURITYHUB -> SecurityHubMapper.mapAll(detail, env);
            case CONFIG -> List.of(ConfigMapper.map(detail, env));
            case INSPECTOR -> List.of(InspectorMapper.map(detail, env));
            case MACIE -> List.of(MacieMapper.map(detail, env));
            case ACCESSANALYZER -> List.of(AccessAnalyzerMapper.map(detail, env));
            case HEALTH -> List.of(HealthMapper.map(detail, env));
            case CUSTOM, AUTO -> List.of(CustomMapper.fromEventBridge(doc, env));
        };
    }

    private static Format detect(Envelope env, View detail) {
        String source = env.source() == null ? "" : env.source();
        String type = env.detailType() == null ? "" : env.detailType();
        // API calls to a service arrive with that service's source (aws.guardduty for DeleteDetector)
        if (type.endsWith("via CloudTrail") || (detail.isObject() && CloudTrailMapper.looksLike(detail))) {
            return Format.CLOUDTRAIL;
        }
        // GuardDuty's other events (runtime agent health, malware plan status) are not findings: custom
        if (type.equals("GuardDuty Finding")
                || type.equals(MalwareScanMapper.DETAIL_TYPE)
                || (source.equals("aws.guardduty") && GuardDutyMapper.looksLike(detail))) {
            return Format.GUARDDUTY;
        }
        if ((type.startsWith("Security Hub Findings") || type.equals("Findings Imported V2"))
                && detail.get("findings").isArray()) {
            return Format.SECURITYHUB;
        }
        if (type.equals("Config Rules Compliance Change")
                || (source.equals("aws.config") && ConfigMapper.looksLike(detail))) {
            return Format.CONFIG;
        }
        return switch (type) {
            case "Inspector2 Finding" -> Format.INSPECTOR;
            case "Macie Finding" -> Format.MACIE;
            case "Access Analyzer Finding" -> Format.ACCESSANALYZER;
            case "AWS Health Event", "AWS Health Abuse Event" -> Format.HEALTH;
            default -> Format.CUSTOM;
        };
    }

    private List<Normalized> bare(View doc) {
        if (LowercaseKeys.applies(doc.raw())) {
            doc = View.of(LowercaseKeys.canonical(doc.raw())); // a data lake's export with lower-cased keys
        }
        Format f = format;
        if (f == Format.AUTO) {
            if (CloudTrailMapper.looksLike(doc)) {
                f = Format.CLOUDTRAIL;
            } else if (GuardDutyMapper.looksLike(doc)) {
                f = Format.GUARDDUTY;
            } else if (SecurityHubMapper.looksLike(doc)) {
                f = Format.SECURITYHUB;
            } else if (OcsfFindingMapper.looksLike(doc)) {
                f = Format.SECURITYHUB;
            } else if (ConfigMapper.looksLike(doc)) {
                f = Format.CONFIG;
            } else if (InspectorMapper.looksLike(doc)) {
                f = Format.INSPECTOR;
            } else if (MacieMapper.looksLike(doc)) {
                f = Format.MACIE;
            } else if (CustomMapper.looksLike(doc)) {
                f = Format.CUSTOM;
            } else if (CloudTrailMapper.looksLikeMinimal(doc)) {
                f = Format.CLOUDTRAIL; // a test case's record without eventVersion and eventID
            } else {
                throw new BadInput(unknownShape(doc));
            }
        }
        return switch (f) {
            case GUARDDUTY -> List.of(GuardDutyMapper.map(doc, Envelope.NONE));
            case CLOUDTRAIL -> List.of(CloudTrailMapper.map(doc, Envelope.NONE));
            case SECURITYHUB -> SecurityHubMapper.mapAll(doc, Envelope.NONE);
            case CONFIG -> List.of(ConfigMapper.map(doc, Envelope.NONE));
            case INSPECTOR -> List.of(InspectorMapper.map(doc, Envelope.NONE));
            case MACIE -> List.of(MacieMapper.map(doc, Envelope.NONE));
            case ACCESSANALYZER -> List.of(AccessAnalyzerMapper.map(doc, Envelope.NONE));
            case HEALTH -> List.of(HealthMapper.map(doc, Envelope.NONE));
            case CUSTOM, AUTO -> List.of(CustomMapper.fromDocument(doc));
        };
    }

    /** What was looked for and, to show what the document is instead, its first keys. */
    private static String unknownShape(View doc) {
        StringBuilder keys = new StringBuilder();
        Iterator<String> it = doc.raw().fieldNames();
        for (int i = 0; it.hasNext() && i < 6; i++) {
            keys.append(i == 0 ? "" : ", ").append(View.brief(TextNode.valueOf(it.next())));
        }
        if (it.hasNext()) {
            keys.append(", ...");
        }
        if (doc.get("eventName").exists()) {
            return "unknown event shape: a CloudTrail record needs eventName and eventSource or eventTime (keys: "
                    + keys + ")";
        }
        return "unknown event shape: no detail-type (EventBridge), eventName (CloudTrail), Records, finding fields "
                + "or \"source\": \"custom\" (keys: " + (keys.length() == 0 ? "none" : keys) + ")";
    }
}
