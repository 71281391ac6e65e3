package dev.riposte.normalize;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riposte.fact.Principal;
import dev.riposte.fact.Resource;
import dev.riposte.fact.SecurityEvent;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A fact as one line of JSON and back, exactly: the event (its {@code detail} read back as the same plain maps and lists
 * the normalizer gives) and the facts inserted beside it (related facts and investigation context: records of
 * {@code dev.riposte.fact}, each with its type). What the correlation journal keeps, so that a rule session rebuilt
 * from it holds equal facts. Public: the pipeline writes and reads the journal.
 */
public final class FactJson {
    private static final String FACT_PACKAGE = "dev.riposte.fact.";
    private static final ObjectMapper JSON = new ObjectMapper()
            .findAndRegisterModules()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private FactJson() {}

    /** An event and the facts inserted beside it. */
    public record Decoded(SecurityEvent event, List<Object> with) {}

    /** {@code event} and {@code with} (records of the fact package) as one line of JSON. */
    public static String encode(SecurityEvent event, List<?> with) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", event.id());
        root.put("source", event.source());
        root.put("type", event.type());
        root.put("time", event.time().toString());
        root.put("account", event.account());
        root.put("region", event.region());
        if (event.severity() != null) {
            root.put("severity", event.severity());
        }
        root.set("principal", event.principal() == null ? null : record(event.principal()));
        ArrayNode resources = root.putArray("resources");
        for (Resource r : event.resources()) {
            resources.add(record(r));
        }
        root.put("outcome", event.outcome());
        root.set("detail", JSON.valueToTree(event.detail()));
        ArrayNode facts = root.putArray("with");
        for (Object o : with) {
            if (!(o instanceof Record r) || !o.getClass().getName().startsWith(FACT_PACKAGE)) {
                throw new IllegalArgumentException(
                        "not a fact record: " + o.getClass().getName());
            }
            facts.addObject()
                    .put("fact", o.getClass().getName().substring(FACT_PACKAGE.length()))
                    .set("value", record(r));
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "fact " + event.id() + " cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    /**
     * The event and facts of {@link #encode}'s JSON.
     *
     * @throws IllegalArgumentException when {@code json} is not such a line (names what is wrong)
     */
    public static Decoded decode(String json) {
        try {
            JsonNode root = JSON.readTree(json);
            Principal principal =
                    root.path("principal").isObject() ? record(root.get("principal"), Principal.class) : null;
            List<Resource> resources = new ArrayList<>();
            for (JsonNode r : root.path("resources")) {
                resources.add(record(r, Resource.class));
            }
            SecurityEvent event = new SecurityEvent(
                    text(root, "id"),
                    text(root, "source"),
                    text(root, "type"),
                    Instant.parse(text(root, "time")),
                    text(root, "account"),
                    text(root, "region"),
                    root.hasNonNull("severity") ? root.get("severity").doubleValue() : null,
                    principal,
                    resources,
                    text(root, "outcome"),
                    Plain.map(root.get("detail")));
            List<Object> with = new ArrayList<>();
            for (JsonNode f : root.path("with")) {
                Class<?> type = Class.forName(FACT_PACKAGE + f.path("fact").asText());
                if (!type.isRecord()) {
                    throw new IllegalArgumentException("not a fact record: " + type.getName());
                }
                with.add(record(f.get("value"), type));
            }
            return new Decoded(event, with);
        } catch (JsonProcessingException | ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException("not a journaled fact (" + e + ")", e);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** A record by its components (not its other accessors, which would not read back). */
    private static ObjectNode record(Record r) {
        ObjectNode o = JSON.createObjectNode();
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            try {
                o.set(c.getName(), JSON.valueToTree(c.getAccessor().invoke(r)));
            } catch (ReflectiveOperationException e) {
                throw new IllegalArgumentException(
                        "cannot read " + c.getName() + " of " + r.getClass().getSimpleName(), e);
            }
        }
        return o;
    }

    private static <T> T record(JsonNode node, Class<T> type) throws ReflectiveOperationException {
        RecordComponent[] cs = type.getRecordComponents();
        Class<?>[] types = new Class<?>[cs.length];
        Object[] args = new Object[cs.length];
        for (int i = 0; i < cs.length; i++) {
            types[i] = cs[i].getType();
            JsonNode v = node.get(cs[i].getName());
            args[i] = JSON.convertValue(
                    v == null ? NullNode.getInstance() : v, JSON.constructType(cs[i].getGenericType()));
        }
        Constructor<T> canonical = type.getDeclaredConstructor(types);
        return canonical.newInstance(args);
    }
}
