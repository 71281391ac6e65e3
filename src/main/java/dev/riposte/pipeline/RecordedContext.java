package dev.riposte.pipeline;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riposte.dispatch.Investigator;
import dev.riposte.fact.ActivitySummary;
import dev.riposte.fact.BucketContext;
import dev.riposte.fact.InstanceContext;
import dev.riposte.fact.Principal;
import dev.riposte.fact.PrincipalContext;
import dev.riposte.fact.RelatedFindings;
import dev.riposte.fact.Resource;
import dev.riposte.fact.SecurityEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
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
    private static final List<String> KEYS = List.of("instances", "principals", "activity", "buckets", "findings");
    /** Principal types CloudTrail names as the caller (an instance is then what they acted on), as ActivityStep has them. */
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final Map<String, InstanceContext> instances;
    private final Map<String, PrincipalContext> principals;
    private final Map<String, ActivitySummary> activity;
    private final Map<String, BucketContext> buckets;
    private final Map<String, RelatedFindings> findings;

    RecordedContext(Map<String, InstanceContext> instances, Map<String, PrincipalContext> principals) {
        this(instances, principals, Map.of(), Map.of(), Map.of());
    }

    RecordedContext(Map<String, InstanceContext> instances, Map<String, PrincipalContext> principals,
                    Map<String, ActivitySummary> activity, Map<String, BucketContext> buckets,
                    Map<String, RelatedFindings> findings) {
        this.instances = Map.copyOf(instances);
        this.principals = Map.copyOf(principals);
        this.activity = Map.copyOf(activity);
        this.buckets = Map.copyOf(buckets);
        this.findings = Map.copyOf(findings);
    }

    /** @throws IllegalArgumentException naming the file and the entry when the file does not have the format above */
    public static RecordedContext read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("context file " + file + " is not readable JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("context file " + file + " must hold a JSON object with \"instances\", \"principals\","
                    + " \"activity\", \"buckets\" and/or \"findings\"");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!KEYS.contains(f)) {
                throw new IllegalArgumentException("context file " + file + ": unknown key \"" + f + "\" (expected " + String.join(", ", KEYS) + ")");
            }
        }
        Map<String, InstanceContext> instances = new LinkedHashMap<>();
        root.path("instances").fields().forEachRemaining(e -> {
            InstanceContext c = parse(file, "instances." + e.getKey(), e.getValue(), InstanceContext.class);
            instances.put(e.getKey(), new InstanceContext(null, e.getKey(), c.state(), c.tags(), c.publicIp(), c.vpcId(),
                    c.subnetId(), c.securityGroups(), c.openIngress(), c.instanceProfileArn(), c.roleName(),
                    c.autoScalingGroup(), c.volumeIds(), true));
        });
        Map<String, PrincipalContext> principals = new LinkedHashMap<>();
        root.path("principals").fields().forEachRemaining(e -> {
            String key = e.getKey();
            checkKey(file, "principal", key, "(?s)(user|role)/.*", "user/NAME or role/NAME");
            PrincipalContext c = parse(file, "principals." + key, e.getValue(), PrincipalContext.class);
            String name = key.substring(5);
            String type = key.startsWith("role/") ? "IAMRole" : "IAMUser";
            principals.put(key, new PrincipalContext(null, c.arn(), type, name, c.tags(), c.admin(), c.policies(),
                    c.mfaEnabled(), c.consoleAccess(), c.accessKeys(), c.groups(), true));
        });
        Map<String, ActivitySummary> activity = new LinkedHashMap<>();
        root.path("activity").fields().forEachRemaining(e -> {
            String key = e.getKey();
            checkKey(file, "activity", key, "(accessKey|user|instance|ip)/.+", "accessKey/ID, user/NAME, instance/i-ID or ip/ADDRESS");
            ActivitySummary a = parse(file, "activity." + key, e.getValue(), ActivitySummary.class);
            activity.put(key, new ActivitySummary(null, key, a.from(), a.to(), a.baselineFrom(), a.events(), a.baselineEvents(),
                    a.callsByService(), a.errors(), a.regions(), a.sourceIps(), a.newSourceIps(), a.firstTimeActions(),
                    a.truncated()));
        });
        Map<String, BucketContext> buckets = new LinkedHashMap<>();
        root.path("buckets").fields().forEachRemaining(e -> {
            BucketContext b = parse(file, "buckets." + e.getKey(), e.getValue(), BucketContext.class);
            buckets.put(e.getKey(), new BucketContext(null, e.getKey(), b.bucketBlock(), b.accountBlock(), b.policyPublic(),
                    b.publicGrants(), b.encryption(), b.versioning(), true));
        });
        Map<String, RelatedFindings> findings = new LinkedHashMap<>();
        root.path("findings").fields().forEachRemaining(e -> {
            String key = e.getKey();
            checkKey(file, "findings", key, "(instance|access-key|user)/.+", "instance/i-ID, access-key/ID or user/NAME");
            if (!e.getValue().isArray()) {
                throw new IllegalArgumentException("context file " + file + ": findings." + key + " must be a list of findings");
            }
            List<RelatedFindings.Finding> list = new ArrayList<>();
            for (int i = 0; i < e.getValue().size(); i++) {
                list.add(parse(file, "findings." + key + "[" + i + "]", e.getValue().get(i), RelatedFindings.Finding.class));
            }
            list.sort(java.util.Comparator.comparingDouble(RelatedFindings.Finding::severity).reversed()); // as the step orders them
            findings.put(key, new RelatedFindings(null, key, list, true));
        });
        return new RecordedContext(instances, principals, activity, buckets, findings);
    }

    /** A section's key must name its subject the way {@code pattern} says; the message says how ({@code expected}). */
    private static void checkKey(Path file, String section, String key, String pattern, String expected) {
        if (!key.matches(pattern)) {
            throw new IllegalArgumentException("context file " + file + ": " + section + " key \"" + key + "\" must be " + expected);
        }
    }

    private static <T> T parse(Path file, String where, JsonNode node, Class<T> type) {
        try {
            return JSON.treeToValue(node, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("context file " + file + ": " + where + ": " + e.getOriginalMessage(), e);
        }
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
        activitySubjects(event).stream().filter(activity::containsKey).findFirst()
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
