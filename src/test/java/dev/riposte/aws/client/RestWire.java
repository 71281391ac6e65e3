package dev.riposte.aws.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A local stand-in for AWS's REST and JSON protocols (S3, Lambda, KMS, SSM, ...): WireMock on a free port with
 * {@link AwsClients} pointed at it using static test credentials (never the environment's). Tests stub with
 * WireMock's own DSL and read back every request as received. Public: tests of every {@code aws.*} package use it.
 */
public final class RestWire implements AutoCloseable {
    private static final Logger JETTY = Logger.getLogger("org.eclipse.jetty");
    private static final Logger WIREMOCK = Logger.getLogger("com.github.tomakehurst");

    static {
        JETTY.setLevel(Level.WARNING);
        WIREMOCK.setLevel(Level.WARNING);
    }

    private final WireMockServer server =
            new WireMockServer(options().dynamicPort().containerThreads(8).jettyAcceptors(1));
    private final AwsClients clients;

    public RestWire() {
        server.start();
        clients = new AwsClients(
                new AwsClients.Settings("us-east-1", URI.create(server.baseUrl()), null, null),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")));
    }

    public AwsClients clients() {
        return clients;
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    public RestWire stub(MappingBuilder request, ResponseDefinitionBuilder response) {
        server.stubFor(request.willReturn(response));
        return this;
    }

    /** Answer {@code request} first with {@code first}, then always with {@code then} (throttling, then success). */
    public RestWire firstThen(
            Supplier<MappingBuilder> request, ResponseDefinitionBuilder first, ResponseDefinitionBuilder then) {
        String scenario = "sequence-" + UUID.randomUUID();
        server.stubFor(request.get()
                .inScenario(scenario)
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(first)
                .willSetStateTo("answered"));
        server.stubFor(request.get()
                .inScenario(scenario)
                .whenScenarioStateIs("answered")
                .willReturn(then));
        return this;
    }

    /** Every request received, oldest first. */
    public List<LoggedRequest> requests() {
        List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
        Collections.reverse(events);
        return events.stream().map(ServeEvent::getRequest).toList();
    }

    /** {@code METHOD path?query} of every request, oldest first. */
    public List<String> lines() {
        return requests().stream().map(r -> r.getMethod() + " " + r.getUrl()).toList();
    }

    /** A request of a JSON-protocol operation, picked by its {@code X-Amz-Target} header ({@code TrentService.EnableKeyRotation}). */
    public static MappingBuilder jsonOp(String target) {
        return WireMock.post(WireMock.urlPathEqualTo("/")).withHeader("X-Amz-Target", WireMock.equalTo(target));
    }

    /** The {@code X-Amz-Target} of every request, oldest first. */
    public List<String> targets() {
        return requests().stream().map(r -> r.getHeader("X-Amz-Target")).toList();
    }

    /** An XML answer. */
    public static ResponseDefinitionBuilder xml(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/xml")
                .withBody(body);
    }

    /** A JSON answer with AWS's request id header. */
    public static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withHeader("x-amzn-RequestId", status < 300 ? "req-ok" : "req-err")
                .withBody(body);
    }

    /** A JSON protocol error ({@code __type} names the code). */
    public static ResponseDefinitionBuilder jsonError(int status, String code, String message) {
        return json(status, "{\"__type\":\"" + code + "\",\"message\":\"" + message + "\"}");
    }

    @Override
    public void close() {
        clients.close();
        server.stop();
    }
}
