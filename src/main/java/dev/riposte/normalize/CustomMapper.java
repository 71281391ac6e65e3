package dev.riposte.normalize;

import dev.riposte.fact.Resource;
import dev.riposte.fact.SecurityEvent;

import java.util.ArrayList;
import java.util.List;

/** Any EventBridge event that is not a known AWS security source: source {@code custom}, type = detail-type. */
final class CustomMapper {
    private CustomMapper() {
    }

    static Normalized fromEventBridge(View envelope, Envelope env) {
        if (env.id() == null) {
            throw new BadInput("EventBridge event without id");
        }
        if (env.detailType() == null) {
            throw new BadInput("EventBridge event without detail-type");
        }
        if (env.time() == null) {
            throw new BadInput("EventBridge event without time");
        }
        List<Resource> resources = new ArrayList<>();
        for (String arn : env.resources()) {
            Resource r = Arns.resourceFromArn(arn, env.account());
            if (r != null) {
                resources.add(r);
            }
        }
        SecurityEvent e = new SecurityEvent(env.id(), "custom", env.detailType(), env.time(), env.account(),
                env.region(), null, null, resources, null, Plain.map(envelope.get("detail").obj().raw()));
        return new Normalized(e, List.of());
    }
}
