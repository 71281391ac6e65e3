package dev.riposte.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riposte.state.MotoServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code riposte serve} processes of the packaged jar on one DynamoDB (moto): {@code POST /events} to the standby
 * evaluates nothing and answers 503 with {@code Retry-After} and the owner's name; the owner answers 200; once the
 * owner stops, the standby takes the rules over and evaluates what is posted to it.
 */
class StandbyIngestIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    MotoServer moto;
    ServeProcess first;
    ServeProcess second;

    @BeforeEach
    void startMoto() {
        moto = MotoServer.start();
    }

    @AfterEach
    void stop() throws Exception {
        for (ServeProcess s : new ServeProcess[] {first, second}) {
            if (s != null) {
                s.close();
            }
        }
        moto.close();
    }

    private ServeProcess serve(String name, String table) throws Exception {
        List<String> props = new ArrayList<>(SharedServices.stateProps(moto, table, "3s"));
        props.addAll(List.of(
                "-Daws.accessKeyId=test",
                "-Daws.secretAccessKey=test",
                "-Driposte.audit.file=" + audit(name),
                "-Driposte.state.dir=" + tmp.resolve(name + "-state")));
        return ServeProcess.start(tmp, name, props).awaitReady();
    }

    private Path audit(String name) {
        return tmp.resolve(name + "-audit.jsonl");
    }

    @Test
    void theStandbyRefusesEventsNamingTheOwnerUntilItTakesTheRulesOver() throws Exception {
        String table = moto.createTable();
        first = serve("first", table);
        Riposte.waitUntil(() -> first.role().equals("owner"), "the first replica did not take the rules");
        second = serve("second", table);
        assertThat(second.role()).isEqualTo("standby");
        String ownerId = JSON.readTree(first.get("/q/health/ready").body())
                .findValue("replica")
                .asText();
        String login = Files.readString(Path.of("samples/cloudtrail/root-console-login/event.json"));

        HttpResponse<String> refused = second.post(login);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).contains("3");
        JsonNode body = JSON.readTree(refused.body());
        assertThat(body.get("role").asText()).isEqualTo("standby");
        assertThat(body.get("rulesOwner").asText()).isEqualTo(ownerId);
        assertThat(body.get("error").asText()).contains("stands by: the rules are owned by " + ownerId);
        assertThat(Files.exists(audit("second")) ? Files.readAllLines(audit("second")) : List.of())
                .as("nothing evaluated, nothing audited on the standby")
                .isEmpty();

        HttpResponse<String> accepted = first.post(login);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        assertThat(accepted.body()).contains("\"decisions\"");

        // the owner stops (a deploy): it gives the lease up and the standby takes the rules over
        assertThat(first.stop()).as("stopped by SIGTERM").isTrue();
        Riposte.waitUntil(() -> second.role().equals("owner"), "the standby did not take the rules over");
        HttpResponse<String> now = second.post(login);
        assertThat(now.statusCode()).as(now.body()).isEqualTo(200);
        assertThat(Files.readAllLines(audit("second"))).isNotEmpty();
    }
}
