package dev.riposte.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riposte.fact.Principal;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** GuardDuty findings about assumed-role credentials name the session, so the playbook can contain its role. */
class AssumedRolePrincipalTest {
    private static final Path SAMPLE =
            Path.of("samples/guardduty/iam-assumed-role-credentials-exfiltration/event.json");

    @Test
    void assumedRoleFindingNamesTheSessionArn() throws Exception {
        Principal p = principal(new ObjectMapper().readTree(SAMPLE.toFile()));

        assertThat(p.arn()).isEqualTo("arn:aws:sts::111122223333:assumed-role/app-role/session-1");
        assertThat(p.type()).isEqualTo("AssumedRole");
        assertThat(p.name()).isEqualTo("app-role");
        assertThat(p.accessKeyId()).isEqualTo("ASIAEXAMPLEAPPROLE01");
        assertThat(p.account()).isEqualTo("111122223333");
    }

    @Test
    void withoutASessionNameTheRoleArnAndThePartitionOfTheRegion() throws Exception {
        JsonNode event = new ObjectMapper().readTree(SAMPLE.toFile());
        ObjectNode akd = (ObjectNode) event.at("/detail/resource/accessKeyDetails");
        akd.put("principalId", "AROAEXAMPLEAPPROLE001");
        assertThat(principal(event).arn()).isEqualTo("arn:aws:iam::111122223333:role/app-role");

        ((ObjectNode) event.get("detail")).put("region", "cn-north-1");
        akd.put("principalId", "AROAEXAMPLEAPPROLE001:session-1");
        assertThat(principal(event).arn()).isEqualTo("arn:aws-cn:sts::111122223333:assumed-role/app-role/session-1");
    }

    @Test
    void withoutARoleNameNoArn() throws Exception {
        JsonNode event = new ObjectMapper().readTree(SAMPLE.toFile());
        ((ObjectNode) event.at("/detail/resource/accessKeyDetails")).remove("userName");
        assertThat(principal(event).arn()).isNull();
    }

    private static Principal principal(JsonNode event) throws Exception {
        return new Normalizer().normalize(event).get(0).event().principal();
    }
}
