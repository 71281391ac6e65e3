package dev.riposte.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riposte.fact.ActivitySummary;
import dev.riposte.fact.BucketContext;
import dev.riposte.fact.InstanceContext;
import dev.riposte.fact.PrincipalContext;
import dev.riposte.fact.RelatedFindings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a {@link RecordedContext} file (format there); each error names the file, the entry and what is expected. */
final class ContextFile {
    private static final List<String> KEYS = List.of("instances", "principals", "activity", "buckets", "findings");
    private static final ObjectMapper JSON =
            new ObjectMapper().findAndRegisterModules().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ContextFile() {}

    static RecordedContext read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("context file " + file + " is not readable JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(
                    "context file " + file + " must hold a JSON object with \"instances\", \"principals\","
                            + " \"activity\", \"buckets\" and/or \"findings\"");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!KEYS.contains(f)) {
                throw new IllegalArgumentException("context file " + file + ": unknown key \"" + f + "\" (expected "
                        + String.join(", ", KEYS) + ")");
            }
        }
        Map<String, InstanceContext> instances = new LinkedHashMap<>();
        root.path("instances").fields().forEachRemaining(e -> {
            InstanceContext c = parse(file, "instances." + e.getKey(), e.getValue(), InstanceContext.class);
            instances.put(
                    e.getKey(),
                    new InstanceContext(
                            null,
                            e.getKey(),
                            c.state(),
                            c.tags(),
                            c.publicIp(),
                            c.vpcId(),
                            c.subnetId(),
                            c.securityGroups(),
                            c.openIngress(),
                            c.instanceProfileArn(),
                            c.roleName(),
                            c.autoScalingGroup(),
                            c.volumeIds(),
                            true));
        });
        Map<String, PrincipalContext> principals = new LinkedHashMap<>();
        root.path("principals").fields().forEachRemaining(e -> {
            String key = e.getKey();
            checkKey(file, "principal", key, "(?s)(user|role)/.*", "user/NAME or role/NAME");
            PrincipalContext c = parse(file, "principals." + key, e.getValue(), PrincipalContext.class);
            String name = key.substring(5);
            String type = key.startsWith("role/") ? "IAMRole" : "IAMUser";
            principals.put(
                    key,
                    new PrincipalContext(
                            null,
                            c.arn(),
                            type,
                            name,
                            c.tags(),
                            c.admin(),
                            c.policies(),
                            c.mfaEnabled(),
                            c.consoleAccess(),
                            c.accessKeys(),
                            c.groups(),
                            true));
        });
        Map<String, ActivitySummary> activity = new LinkedHashMap<>();
        root.path("activity").fields().forEachRemaining(e -> {
            String key = e.getKey();
            checkKey(
                    file,
                    "activity",
                    key,
                    "(accessKey|user|instance|ip)/.+",
                    "accessKey/ID, user/NAME, instance/i-ID or ip/ADDRESS");
            ActivitySummary a = parse(file, "activity." + key, e.getValue(), ActivitySummary.class);
            activity.put(
                    key,
                    new ActivitySummary(
                            null,
                            key,
                            a.from(),
                            a.to(),
                            a.baselineFrom(),
                            a.events(),
                            a.baselineEvents(),
                            a.callsByService(),
                            a.errors(),
                            a.regions(),
                            a.sourceIps(),
                            a.newSourceIps(),
                            a.firstTimeActions(),
                            a.truncated()));
        });
        Map<String, BucketContext> buckets = new LinkedHashMap<>();
        root.path("buckets").fields().forEachRemaining(e -> {
            BucketContext b = parse(file, "buckets." + e.getKey(), e.getValue(), BucketContext.class);
            buckets.put(
                    e.getKey(),
                    new BucketContext(
                            null,
                            e.getKey(),
                            b.bucketBlock(),
                            b.accountBlock(),
                            b.policyPublic(),
                            b.publicGrants(),
                            b.encryption(),
                            b.versioning(),
                            true));
        });
        Map<String, RelatedFindings> findings = new LinkedHashMap<>();
        root.path("findings").fields().forEachRemaining(e -> {
            String key = e.getKey();
            checkKey(
                    file,
                    "findings",
                    key,
                    "(instance|access-key|user)/.+",
                    "instance/i-ID, access-key/ID or user/NAME");
            if (!e.getValue().isArray()) {
                throw new IllegalArgumentException(
                        "context file " + file + ": findings." + key + " must be a list of findings");
            }
            List<RelatedFindings.Finding> list = new ArrayList<>();
            for (int i = 0; i < e.getValue().size(); i++) {
                list.add(parse(
                        file, "findings." + key + "[" + i + "]", e.getValue().get(i), RelatedFindings.Finding.class));
            }
            list.sort(Comparator.comparingDouble(RelatedFindings.Finding::severity)
                    .reversed()); // as the step orders them
            findings.put(key, new RelatedFindings(null, key, list, true));
        });
        return new RecordedContext(instances, principals, activity, buckets, findings);
    }

    /** A section's key must name its subject the way {@code pattern} says; the message says how ({@code expected}). */
    private static void checkKey(Path file, String section, String key, String pattern, String expected) {
        if (!key.matches(pattern)) {
            throw new IllegalArgumentException(
                    "context file " + file + ": " + section + " key \"" + key + "\" must be " + expected);
        }
    }

    private static <T> T parse(Path file, String where, JsonNode node, Class<T> type) {
        try {
            return JSON.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "context file " + file + ": " + where + ": " + e.getOriginalMessage(), e);
        }
    }
}
