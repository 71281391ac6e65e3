package dev.riposte.dispatch;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riposte.fact.Principal;
import dev.riposte.fact.Resource;
import dev.riposte.fact.SecurityEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Security events for dispatch and handler tests (account and ids scrubbed). Public: the aws.* tests use it. */
public final class TestEvents {
    public static final String ACCOUNT = "111122223333";
    public static final Instant TIME = Instant.parse("2024-05-01T12:00:00Z");

    private TestEvents() {
    }

    public static SecurityEvent event(String region, Principal principal, List<Resource> resources, Map<String, Object> detail) {
        return new SecurityEvent("evt-0001", "guardduty", "UnauthorizedAccess:EC2/TorClient", TIME, ACCOUNT, region, 8.0,
                principal, resources, null, detail);
    }

    public static SecurityEvent withDetail(String fixture) {
        return event("us-east-1", null, List.of(), detail(fixture));
    }

    /** A JSON document from {@code src/test/resources/dispatch/}. */
    public static Map<String, Object> detail(String fixture) {
        try (InputStream in = TestEvents.class.getResourceAsStream("/dispatch/" + fixture)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + fixture);
            }
            return new ObjectMapper().readValue(in, new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Resource instance(String id, String region) {
        return new Resource("AWS::EC2::Instance", id, "arn:aws:ec2:" + region + ":" + ACCOUNT + ":instance/" + id,
                ACCOUNT, region, Map.of());
    }
}
