package dev.riposte.pipeline;

import dev.riposte.dispatch.Investigator;
import dev.riposte.fact.ActivitySummary;
import dev.riposte.fact.BucketContext;
import dev.riposte.fact.InstanceContext;
import dev.riposte.fact.Principal;
import dev.riposte.fact.PrincipalContext;
import dev.riposte.fact.RelatedFindings;
import dev.riposte.fact.Resource;
import dev.riposte.fact.SecurityEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Context recorded earlier (or written by hand), served instead of AWS: what replay's {@code --context FILE} uses so
 * that replays never call AWS yet context-dependent rules can be exercised. The file is JSON:
 * <pre>{
 *   "instances":  { "i-0123...": { InstanceContext fields without eventId } },
 *   "principals": { "user/alice": { PrincipalContext fields without eventId }, "role/Admin": { ... } },
 *   "activity":   { "accessKey/AKIA...": { ActivitySummary fields without eventId and subject }, "user/alice": { ... },
 *                   "instance/i-0123...": { ... }, "ip/203.0.113.7": { ... } },
 *   "buckets":    { "bucket-name": { BucketContext fields without eventId and bucket } },
 *   "findings":   { "instance/i-0123...": [ { RelatedFindings.Finding fields } ], "access-key/AKIA...": [ ... ],
 *                   "user/alice": [ ... ] }
 * }</pre>
 * An event gets the context of each EC2 instance and S3 bucket it names, of its IAM user (principal or
 * {@code AWS::IAM::User} resource) or assumed role, and the activity of its access key, else its user, else its EC2
 * instance's role credentials (when no API caller is named, as {@code cloudtrail:recent-activity} chooses), else its
 * source IP (the first of these the file has), and the related findings of each subject it names (its instances, access
 * key and IAM user, as {@code aws:related-findings} asks), stamped with its id; nothing else is investigated.
 * Public: the CLI constructs it.
 */
public final class RecordedContext implements Investigator {
    private final Map<String, InstanceContext> instances;
    private final Map<String, PrincipalContext> principals;
    private final Map<String, ActivitySummary> activity;
    private final Map<String, BucketContext> buckets;
    private final Map<String, RelatedFindings> findings;

    RecordedContext(Map<String, InstanceContext> instances, Map<String, PrincipalContext> principals) {
        this(instances, principals, Map.of(), Map.of(), Map.of());
    }

    RecordedContext(
            Map<String, InstanceContext> instances,
            Map<String, PrincipalContext> principals,
            Map<String, ActivitySummary> activity,
            Map<String, BucketContext> buckets,
            Map<String, RelatedFindings> findings) {
        this.instances = Map.copyOf(instances);
        this.principals = Map.copyOf(principals);
        this.activity = Map.copyOf(activity);
        this.buckets = Map.copyOf(buckets);
        this.findings = Map.copyOf(findings);
    }

    /** @throws IllegalArgumentException naming the file and the entry when the file does not have the format above */
    public static RecordedContext read(Path file) {
        return ContextFile.read(file);
    }

    @Override
    public List<Object> investigate(SecurityEvent event) {
        List<Object> out = new ArrayList<>();
        for (Resource r : event.resources()) {
            InstanceContext c = "AWS::EC2::Instance".equals(r.type()) ? instances.get(r.id()) : null;
            if (c != null) {
                out.add(c.withEventId(event.id()));
            }
        }
        for (Resource r : event.resources()) {
            BucketContext b = "AWS::S3::Bucket".equals(r.type()) && r.id() != null ? buckets.get(r.id()) : null;
            if (b != null) {
                out.add(b.withEventId(event.id()));
            }
        }
        String key = principalKey(event);
        if (key != null && principals.containsKey(key)) {
            out.add(principals.get(key).withEventId(event.id()));
        }
        activitySubjects(event).stream()
                .filter(activity::containsKey)
                .findFirst()
                .ifPresent(subject -> out.add(activity.get(subject).withEventId(event.id())));
        for (String subject : RelatedFindings.subjects(event)) {
            RelatedFindings f = findings.get(subject);
            if (f != null) {
                out.add(f.withEventId(event.id()));
            }
        }
        return out;
    }

    /**
     * The activity subjects the event names, most specific first: its access key, its IAM user, its EC2 instance's
     * role credentials (no API caller named), its source IP.
     */
    private static List<String> activitySubjects(SecurityEvent e) {
        List<String> out = new ArrayList<>();
        Resource key = e.resource("AWS::IAM::AccessKey");
        Principal p = e.principal();
        if (key != null && key.id() != null) {
            out.add("accessKey/" + key.id());
        }
        if (p != null && p.accessKeyId() != null) {
            out.add("accessKey/" + p.accessKeyId());
        }
        String user = principalKey(e);
        if (user != null && user.startsWith("user/")) {
            out.add(user);
        }
        Resource instance = e.resource("AWS::EC2::Instance");
        if (instance != null && instance.id() != null && (p == null || !p.isAwsCaller())) {
            out.add("instance/" + instance.id());
        }
        if (p != null && p.sourceIp() != null) {
            out.add("ip/" + p.sourceIp());
        }
        return out;
    }

    private static String principalKey(SecurityEvent e) {
        Resource user = e.resource("AWS::IAM::User");
        if (user != null && user.id() != null) {
            return "user/" + user.id().substring(user.id().lastIndexOf('/') + 1);
        }
        Principal p = e.principal();
        if (p == null) {
            return null;
        }
        if ("IAMUser".equals(p.type()) && p.name() != null) {
            return "user/" + p.name();
        }
        if ("AssumedRole".equals(p.type()) && p.arn() != null && p.arn().contains(":assumed-role/")) {
            String rest = p.arn().substring(p.arn().indexOf(":assumed-role/") + ":assumed-role/".length());
            int slash = rest.indexOf('/');
            return "role/" + (slash < 0 ? rest : rest.substring(0, slash));
        }
        return null;
    }
}
