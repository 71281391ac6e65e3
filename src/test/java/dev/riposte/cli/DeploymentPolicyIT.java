package dev.riposte.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The responder role in deploy/cloudformation grants exactly what `riposte iam-policy` prints for the built-in
 * rules (the action catalogue's permissions of every action the rules can emit), so the two cannot drift.
 * When this fails: run `./riposte iam-policy` and paste its Action list into both templates.
 */
class DeploymentPolicyIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theResponderRoleGrantsExactlyWhatIamPolicyPrints() throws Exception {
        Riposte.Run run = Riposte.run("iam-policy");
        assertThat(run.exitCode()).as(run.err()).isZero();
        SortedSet<String> expected = new TreeSet<>();
        JSON.readTree(run.out()).at("/Statement/0/Action").forEach(a -> expected.add(a.asText()));
        assertThat(expected).isNotEmpty();

        for (String template : new String[] {"riposte.json", "riposte-responder.json"}) {
            JsonNode role = JSON.readTree(Files.readString(Path.of("deploy/cloudformation", template)))
                    .at("/Resources/ResponderRole/Properties");
            SortedSet<String> granted = new TreeSet<>();
            for (JsonNode policy : role.get("Policies")) {
                for (JsonNode s : policy.at("/PolicyDocument/Statement")) {
                    if (s.path("Sid").asText().equals("RiposteActions")) {
                        s.get("Action").forEach(a -> granted.add(a.asText()));
                        assertThat(s.get("Effect").asText()).isEqualTo("Allow");
                    }
                }
            }
            assertThat(granted).as(template + " ResponderRole RiposteActions vs `riposte iam-policy`").isEqualTo(expected);
        }
    }
}
