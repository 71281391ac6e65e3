package dev.riposte.replay;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.riposte.audit.AuditRecord;
import dev.riposte.audit.AuditSink;
import dev.riposte.aws.action.ec2.IsolateInstance;
import dev.riposte.command.ActionCommand;
import dev.riposte.decision.Mode;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.ActionCatalogue;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.ActionHandler;
import dev.riposte.dispatch.ActionSpec;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.DispatchResult;
import dev.riposte.dispatch.DispatchSettings;
import dev.riposte.dispatch.Dispatcher;
import dev.riposte.dispatch.ExecutionResult;
import dev.riposte.fact.Events;
import dev.riposte.fact.Resource;
import dev.riposte.fact.SecurityEvent;
import dev.riposte.normalize.Normalizer;
import dev.riposte.notify.LogNotification;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replay never calls AWS, even with a catalogue whose handlers would: the isolate action here really sends
 * its request to an endpoint override (a WireMock standing in for EC2) when executed live.
 */
class ReplayNeverCallsAwsTest {
    @TempDir
    Path dir;

    WireMockServer aws;

    @BeforeEach
    void start() {
        aws = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        aws.start();
        aws.stubFor(post(anyUrl())
                .willReturn(aResponse()
                        .withStatus(200)
                        .withBody("<ModifyInstanceAttributeResponse><requestId>req-1</requestId>"
                                + "<return>true</return></ModifyInstanceAttributeResponse>")));
    }

    @AfterEach
    void stop() {
        aws.stop();
    }

    /** ec2:isolate-instance with the real plan, whose live execution posts to the endpoint override. */
    record IsolateOverHttp(String endpoint) implements ActionHandler {
        @Override
        public ActionSpec spec() {
            return new IsolateInstance(null).spec();
        }

        @Override
        public List<AwsRequest> plan(ActionContext ctx) {
            return new IsolateInstance(null).plan(ctx);
        }

        @Override
        public ExecutionResult execute(ActionContext ctx) {
            try {
                HttpResponse<String> r = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(endpoint + "/"))
                                        .POST(HttpRequest.BodyPublishers.ofString(
                                                "Action=ModifyInstanceAttribute&InstanceId=" + ctx.target()))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                return ExecutionResult.succeeded(plan(ctx), "status-" + r.statusCode());
            } catch (IOException | InterruptedException e) {
                return ExecutionResult.failed(e.toString(), List.of());
            }
        }
    }

    private ActionCatalogue liveCatalogue() {
        return new ActionCatalogue(List.of(new IsolateOverHttp(aws.baseUrl()), new LogNotification()));
    }

    @Test
    void theHandlerDoesReachTheEndpointWhenALiveDispatcherRunsIt() {
        SecurityEvent e = Events.guardDuty("Backdoor:EC2/C&CActivity.B")
                .id("gd-1")
                .at(Fixtures.T0)
                .account(Fixtures.ACCOUNT)
                .severity(8.0)
                .resources(new Resource(
                        "AWS::EC2::Instance", "i-0abcdef1234567890", null, Fixtures.ACCOUNT, "us-east-1", Map.of()))
                .build();
        DispatchResult r = new Dispatcher(liveCatalogue(), new DispatchSettings(false, true))
                .dispatch(ActionCommand.of("ec2:isolate-instance", "i-0abcdef1234567890"), e, false);
        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(aws.findAll(anyRequestedFor(anyUrl()))).hasSize(1);
    }

    @Test
    void replayOfTheSamplesSendsNothingAndRecordsTheDryRunPlan() {
        List<AuditRecord> audit = new ArrayList<>();
        AuditSink sink = new AuditSink() {
            @Override
            public void write(AuditRecord r) {
                audit.add(r);
            }

            @Override
            public void close() {}
        };
        ReplayReport r = new Replayer(new Normalizer(), liveCatalogue(), List.of())
                .run(
                        new Replayer.Input(
                                List.of(Fixtures.samples(dir)),
                                null,
                                null,
                                Fixtures.rules("rules"),
                                Fixtures.rules("rules-next"),
                                sink),
                        Progress.NONE);

        assertThat(r.outcomes()).containsEntry("planned", 3L).doesNotContainKeys("succeeded", "failed");
        assertThat(aws.findAll(anyRequestedFor(anyUrl()))).isEmpty();
        assertThat(audit).filteredOn(a -> a.action() != null).hasSize(3).allSatisfy(a -> {
            assertThat(a.mode()).isEqualTo(Mode.DRY_RUN);
            assertThat(a.awsRequestId()).isNull();
        });
        assertThat(audit)
                .filteredOn(a -> "ec2:isolate-instance".equals(a.action()))
                .singleElement()
                .satisfies(a -> assertThat(a.requests()).isNotEmpty());
    }

    @Test
    void replaysCatalogueRefusesToExecuteEvenIfAskedDirectly() {
        ActionHandler planOnly =
                PlanOnly.catalogue(liveCatalogue()).find("ec2:isolate-instance").orElseThrow();
        ActionContext ctx = new ActionContext(
                ActionCommand.of("ec2:isolate-instance", "i-0abcdef1234567890"), null, Fixtures.ACCOUNT, "us-east-1");
        assertThat(planOnly.plan(ctx)).isNotEmpty();
        assertThatThrownBy(() -> planOnly.execute(ctx))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("replay never calls AWS");
        assertThat(aws.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }
}
