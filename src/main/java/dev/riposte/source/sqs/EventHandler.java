package dev.riposte.source.sqs;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.riposte.audit.AuditRecord;
import dev.riposte.aws.sqs.QueueMessage;
import dev.riposte.decision.Outcome;
import dev.riposte.fact.Resource;
import dev.riposte.normalize.Normalized;
import dev.riposte.normalize.Normalizer;
import dev.riposte.normalize.RejectedInputException;
import dev.riposte.pipeline.Pipeline;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One SQS message through the pipeline. The body is read as JSON text whatever the message attributes
 * say. A body the pipeline rejects (not JSON, unknown shape, too large) is audited as {@code rejected} by the
 * pipeline and copied to the quarantine with the reason: it is finished, not retried. A message one of whose
 * commands was {@code rate-limited} is deferred: it comes back later, and then runs what is left. Events are processed
 * under the locks of their resources, so two events about one resource never run side by side.
 */
final class EventHandler implements SqsConsumer.Handler {
    /** Resource types that an event names as attached to its subject, and that many subjects share. */
    static final Set<String> SHARED_ATTACHMENTS = Set.of("AWS::EC2::SecurityGroup", "AWS::IAM::InstanceProfile");

    private final Supplier<Pipeline> pipeline;
    private final Normalizer normalizer;
    private final ObjectReader reader;
    private final Quarantine quarantine;
    private final ResourceLocks locks;

    EventHandler(
            Supplier<Pipeline> pipeline,
            Normalizer normalizer,
            ObjectMapper json,
            Quarantine quarantine,
            ResourceLocks locks) {
        this.pipeline = pipeline;
        this.normalizer = normalizer;
        this.reader = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.quarantine = quarantine;
        this.locks = locks;
    }

    @Override
    public SqsConsumer.Disposition handle(QueueMessage m) throws InterruptedException {
        Pipeline p = pipeline.get();
        String origin = "sqs:" + m.id();
        if (m.body() == null || m.body().isBlank()) {
            return quarantine(m, List.of(p.reject(origin, "empty message body")));
        }
        JsonNode node;
        try {
            node = reader.readTree(m.body());
        } catch (Exception e) {
            return quarantine(m, List.of(p.reject(origin, "not JSON: " + firstLine(e.getMessage()))));
        }
        Pipeline.Result result;
        try (ResourceLocks.Held held = locks.lock(resourceKeys(node))) {
            result = p.process(node, origin);
        }
        if (result.records().stream().anyMatch(r -> r.outcome() == Outcome.RATE_LIMITED)) {
            return SqsConsumer.Disposition.DEFERRED;
        }
        List<AuditRecord> rejected = result.records().stream()
                .filter(r -> r.outcome() == Outcome.REJECTED)
                .toList();
        return rejected.isEmpty() ? SqsConsumer.Disposition.PROCESSED : quarantine(m, rejected);
    }

    private SqsConsumer.Disposition quarantine(QueueMessage m, List<AuditRecord> rejected) {
        List<String> reasons = new ArrayList<>();
        rejected.forEach(r -> reasons.add(r.error()));
        quarantine.put(m, String.join("; ", reasons));
        return SqsConsumer.Disposition.QUARANTINED;
    }

    /**
     * The resources the event is about: its first (its subject: the finding's instance, the call's target) and the
     * others it names, except the attachments many resources share (security groups, instance profiles) unless they
     * are the subject. Findings about a hundred instances of one security group are about a hundred instances; were the
     * group locked too, they would be handled one at a time. An input the normalizer rejects has none (the pipeline
     * audits it).
     */
    Set<String> resourceKeys(JsonNode node) {
        Set<String> keys = new LinkedHashSet<>();
        try {
            for (Normalized n : normalizer.normalize(node)) {
                List<Resource> resources = n.event().resources();
                for (int i = 0; i < resources.size(); i++) {
                    Resource r = resources.get(i);
                    if (i == 0 || !SHARED_ATTACHMENTS.contains(r.type())) {
                        keys.add(r.arn() != null ? r.arn() : r.type() + ":" + r.id());
                    }
                }
            }
        } catch (RejectedInputException e) {
            return Set.of();
        }
        return keys;
    }

    private static String firstLine(String text) {
        String s = text == null ? "" : text.strip().lines().findFirst().orElse("");
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
