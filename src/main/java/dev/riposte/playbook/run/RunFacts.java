package dev.riposte.playbook.run;

import dev.riposte.fact.Principal;
import dev.riposte.fact.Resource;
import dev.riposte.fact.SecurityEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The facts a playbook's {@code ${...}} references see, as plain maps: {@code event}, {@code resource} (the
 * run's target among the event's resources, else its first resource), {@code principal}, {@code target},
 * {@code detail}. Missing values are left out, so a reference to them is reported, not filled with "null".
 */
final class RunFacts {
    private RunFacts() {}

    static Map<String, Object> of(SecurityEvent e, String target) {
        Map<String, Object> facts = new LinkedHashMap<>();
        if (target != null) {
            facts.put("target", target);
        }
        if (e == null) {
            return facts;
        }
        Map<String, Object> event = new LinkedHashMap<>();
        put(event, "id", e.id());
        put(event, "source", e.source());
        put(event, "type", e.type());
        put(event, "time", e.time().toString());
        put(event, "account", e.account());
        put(event, "region", e.region());
        put(event, "severity", e.severity());
        facts.put("event", event);
        Resource r = resource(e, target);
        if (r != null) {
            Map<String, Object> res = new LinkedHashMap<>();
            put(res, "id", r.id());
            put(res, "type", r.type());
            put(res, "arn", r.arn());
            put(res, "account", r.account() != null ? r.account() : e.account());
            put(res, "region", r.region() != null ? r.region() : e.region());
            res.put("tags", r.tags());
            facts.put("resource", res);
        }
        Principal p = e.principal();
        if (p != null) {
            Map<String, Object> pr = new LinkedHashMap<>();
            put(pr, "arn", p.arn());
            put(pr, "type", p.type());
            put(pr, "name", p.name());
            put(pr, "accessKeyId", p.accessKeyId());
            put(pr, "sourceIp", p.sourceIp());
            put(pr, "account", p.account());
            facts.put("principal", pr);
        }
        facts.put("detail", e.detail());
        return facts;
    }

    private static Resource resource(SecurityEvent e, String target) {
        for (Resource r : e.resources()) {
            if (target != null && (target.equals(r.id()) || target.equals(r.arn()))) {
                return r;
            }
        }
        return e.resources().isEmpty() ? null : e.resources().get(0);
    }

    private static void put(Map<String, Object> m, String k, Object v) {
        if (v != null) {
            m.put(k, v);
        }
    }
}
