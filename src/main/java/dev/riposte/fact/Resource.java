package dev.riposte.fact;

import java.util.Map;
import java.util.Objects;

/**
 * A resource an event is about.
 *
 * @param type    CloudFormation type name, e.g. {@code AWS::EC2::Instance}
 * @param id      the service's own id ({@code i-...}, {@code sg-...}, {@code AKIA...}, bucket name)
 * @param arn     ARN, built from the id when the source gives none
 * @param account owning account
 * @param region  region ({@code null} for global services such as IAM)
 * @param tags    tags as known from the event (may be empty; the dispatcher re-reads live tags)
 */
public record Resource(String type, String id, String arn, String account, String region, Map<String, String> tags) {

    public Resource {
        Objects.requireNonNull(type, "type");
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    public String tag(String key) {
        return tags.get(key);
    }

    public boolean hasTag(String key) {
        return tags.containsKey(key);
    }
}
