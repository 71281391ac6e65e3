package dev.riposte.aws.client;

import dev.riposte.dispatch.AwsRequest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds {@link AwsRequest}s with parameters in the order given (audit records and plans read like the API
 * reference). Public: every AWS service package plans with it.
 */
public final class Requests {
    private Requests() {}

    /** {@code request("ec2", "CreateTags", "Resources", List.of(id), "Tags", tags)}; null values are left out. */
    public static AwsRequest request(String service, String operation, Object... keyValues) {
        return new AwsRequest(service, operation, params(keyValues));
    }

    /** An ordered, unmodifiable map from alternating keys and values; null values are left out. */
    public static Map<String, Object> params(Object... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must alternate");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) {
                m.put((String) keyValues[i], keyValues[i + 1]);
            }
        }
        return Collections.unmodifiableMap(m);
    }
}
