package dev.riposte.normalize;

import dev.riposte.fact.Principal;
import dev.riposte.fact.Resource;
import dev.riposte.fact.SecurityEvent;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON form of a fact (docs/fact-model.md), as printed by {@code riposte normalize}: plain maps and lists in
 * a fixed key order, nulls kept, times as ISO-8601 UTC.
 */
public final class Facts {
    private Facts() {}

    /** id, source, type, time, account, region, severity, principal, resources, outcome (in this order). */
    public static Map<String, Object> toJson(SecurityEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("source", e.source());
        m.put("type", e.type());
        m.put("time", e.time().toString());
        m.put("account", e.account());
        m.put("region", e.region());
        m.put("severity", e.severity());
        m.put("principal", principal(e.principal()));
        List<Object> rs = new ArrayList<>();
        for (Resource r : e.resources()) {
            rs.add(resource(r));
        }
        m.put("resources", rs);
        m.put("outcome", e.outcome());
        return m;
    }

    /** {@link #toJson(SecurityEvent)} plus {@code related}: the related facts, each with its {@code fact} kind. */
    public static Map<String, Object> toJson(Normalized n) {
        Map<String, Object> m = toJson(n.event());
        List<Object> rel = new ArrayList<>();
        for (Object o : n.related()) {
            rel.add(related(o));
        }
        m.put("related", rel);
        return m;
    }

    private static Map<String, Object> principal(Principal p) {
        if (p == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("arn", p.arn());
        m.put("type", p.type());
        m.put("name", p.name());
        m.put("accessKeyId", p.accessKeyId());
        m.put("sourceIp", p.sourceIp());
        m.put("account", p.account());
        return m;
    }

    private static Map<String, Object> resource(Resource r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", r.type());
        m.put("id", r.id());
        m.put("arn", r.arn());
        m.put("tags", new LinkedHashMap<>(new TreeMap<>(r.tags())));
        m.put("account", r.account());
        m.put("region", r.region());
        return m;
    }

    /** A related fact: its record components in declaration order (times as ISO-8601 text). */
    private static Map<String, Object> related(Object o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fact", o.getClass().getSimpleName());
        if (o instanceof Record r) {
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                try {
                    Object v = c.getAccessor().invoke(r);
                    m.put(c.getName(), v instanceof Instant i ? i.toString() : v);
                } catch (ReflectiveOperationException e) {
                    m.put(c.getName(), null);
                }
            }
        } else {
            m.put("value", String.valueOf(o));
        }
        return m;
    }
}
