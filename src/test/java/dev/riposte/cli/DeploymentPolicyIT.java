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
 * rules and playbooks (RiposteActions: the permissions of every action the rules and the playbooks they start can
 * reach; RiposteReads: the exempt-tag check and the investigation steps), so the two cannot drift.
 * When this fails: run `./riposte iam-policy` and paste its Action lists into both templates.
 */
class DeploymentPolicyIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theResponderRoleGrantsExactlyWhatIamPolicyPrints() throws Exception {
        Riposte.Run run = Riposte.run("iam-policy");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode policy = JSON.readTree(run.out());
        for (String sid : new String[] {"RiposteActions", "RiposteReads"}) {
            SortedSet<String> expected = actions(policy.get("Statement"), sid);
            assertThat(expected).as(sid + " in `riposte iam-policy`").isNotEmpty();
            for (String template : new String[] {"riposte.json", "riposte-responder.json"}) {
                JsonNode role = JSON.readTree(Files.readString(Path.of("deploy/cloudformation", template)))
                        .at("/Resources/ResponderRole/Properties");
                SortedSet<String> granted = new TreeSet<>();
                for (JsonNode p : role.get("Policies")) {
                    granted.addAll(actions(p.at("/PolicyDocument/Statement"), sid));
                }
                assertThat(granted).as(template + " ResponderRole " + sid + " vs `riposte iam-policy`").isEqualTo(expected);
            }
        }
    }

    static SortedSet<String> actions(JsonNode statements, String sid) {
        SortedSet<String> actions = new TreeSet<>();
        for (JsonNode s : statements) {
            if (s.path("Sid").asText().equals(sid)) {
                assertThat(s.get("Effect").asText()).isEqualTo("Allow");
                s.get("Action").forEach(a -> actions.add(a.asText()));
            }
        }
        return actions;
    }
}
