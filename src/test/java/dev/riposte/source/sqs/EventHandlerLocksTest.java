package dev.riposte.source.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riposte.normalize.Normalizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which resources an event is locked on while it is handled: its own, not the attachments many resources share. */
class EventHandlerLocksTest {
    static final ObjectMapper JSON = new ObjectMapper();
    private final EventHandler handler =
            new EventHandler(() -> null, new Normalizer(), JSON, null, new ResourceLocks(1024));

    /** The Tor client finding (security group web, instance profile web-server) about {@code instance}. */
    static JsonNode finding(String instance) throws IOException {
        JsonNode e = JSON.readTree(
                Path.of("samples/guardduty/ec2-tor-client/event.json").toFile());
        ObjectNode details = (ObjectNode) e.at("/detail/resource/instanceDetails");
        details.put("instanceId", instance);
        ((ObjectNode) details.at("/networkInterfaces/0")).put("networkInterfaceId", "eni-" + instance.substring(2));
        return e;
    }

    @Test
    void findingsAboutTwoInstancesOfOneSecurityGroupDoNotWaitForEachOther() throws IOException {
        Set<String> a = handler.resourceKeys(finding("i-0000000000000000a"));
        Set<String> b = handler.resourceKeys(finding("i-0000000000000000b"));
        assertThat(a)
                .contains("arn:aws:ec2:us-east-1:111122223333:instance/i-0000000000000000a")
                .contains("arn:aws:ec2:us-east-1:111122223333:network-interface/eni-0000000000000000a")
                .noneMatch(k -> k.contains("security-group/") || k.contains("instance-profile/"));
        Set<String> shared = new HashSet<>(a);
        shared.retainAll(b);
        assertThat(shared).as("keys both findings would lock").isEmpty();
    }

    @Test
    void twoFindingsAboutOneInstanceStillTakeTurns() throws IOException {
        Set<String> shared = new HashSet<>(handler.resourceKeys(finding("i-0000000000000000a")));
        shared.retainAll(handler.resourceKeys(finding("i-0000000000000000a")));
        assertThat(shared).contains("arn:aws:ec2:us-east-1:111122223333:instance/i-0000000000000000a");
    }

    @Test
    void aSecurityGroupThatIsTheSubjectIsLocked() throws IOException {
        JsonNode opened = JSON.readTree(
                Path.of("samples/cloudtrail/sg-ssh-open-to-world/event.json").toFile());
        assertThat(handler.resourceKeys(opened)).anyMatch(k -> k.contains("security-group/sg-"));
    }
}
