package dev.riposte.pipeline;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riposte.dispatch.Investigator;
import dev.riposte.fact.InstanceContext;
import dev.riposte.fact.Principal;
import dev.riposte.fact.PrincipalContext;
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
 *   "principals": { "user/alice": { PrincipalContext fields without eventId }, "role/Admin": { ... } }
 * }</pre>
 * An event gets the context of each EC2 instance it names and of its IAM user (principal or
 * {@code AWS::IAM::User} resource) or assumed role, stamped with its id; nothing else is investigated.
 * Public: the CLI constructs it.
 */
public final class RecordedContext implements Investigator {
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final Map<String, InstanceContext> instances;
    private final Map<String, PrincipalContext> principals;

    RecordedContext(Map<String, InstanceContext> instances, Map<String, PrincipalContext> principals) {
        this.instances = Map.copyOf(instances);
        this.principals = Map.copyOf(principals);
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
            throw new IllegalArgumentException("context file " + file + " must hold a JSON object with \"instances\" and/or \"principals\"");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("instances") && !f.equals("principals")) {
                throw new IllegalArgumentException("context file " + file + ": unknown key \"" + f + "\" (expected instances, principals)");
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
            if (!key.startsWith("user/") && !key.startsWith("role/")) {
                throw new IllegalArgumentException("context file " + file + ": principal key \"" + key + "\" must be user/NAME or role/NAME");
            }
            PrincipalContext c = parse(file, "principals." + key, e.getValue(), PrincipalContext.class);
            String name = key.substring(5);
            String type = key.startsWith("role/") ? "IAMRole" : "IAMUser";
            principals.put(key, new PrincipalContext(null, c.arn(), type, name, c.tags(), c.admin(), c.policies(),
                    c.mfaEnabled(), c.consoleAccess(), c.accessKeys(), c.groups(), true));
        });
        return new RecordedContext(instances, principals);
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
        String key = principalKey(event);
        if (key != null && principals.containsKey(key)) {
            out.add(principals.get(key).withEventId(event.id()));
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
