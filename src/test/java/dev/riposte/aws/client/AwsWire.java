package dev.riposte.aws.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A local stand-in for AWS's query-protocol APIs (EC2, IAM, STS): WireMock on a free port answering by
 * {@code Action}, with {@link AwsClients} pointed at it using static test credentials (never the environment's).
 * Public: the tests of every {@code aws.*} package use it.
 */
public final class AwsWire implements AutoCloseable {
    public static final String EC2_NS = "http://ec2.amazonaws.com/doc/2016-11-15/";
    public static final String IAM_NS = "https://iam.amazonaws.com/doc/2010-05-08/";

    /** One request as AWS received it: its form parameters in order. */
    public record Call(Map<String, String> params) {
        public String action() {
            return params.get("Action");
        }

        public String get(String name) {
            return params.get(name);
        }
    }

    /** Held so the level setting is not garbage-collected with the logger: Jetty's start/stop lines are noise here. */
    private static final Logger JETTY = Logger.getLogger("org.eclipse.jetty");

    private static final Logger WIREMOCK = Logger.getLogger("com.github.tomakehurst");

    static {
        JETTY.setLevel(Level.WARNING);
        WIREMOCK.setLevel(Level.WARNING);
    }

    private final WireMockServer server =
            new WireMockServer(options().dynamicPort().containerThreads(8).jettyAcceptors(1));
    private final AwsClients clients;

    public AwsWire() {
        this(null);
    }

    /** @param assumeRole role ARN template, or null to act with the test credentials */
    public AwsWire(String assumeRole) {
        this(assumeRole, null, Clock.systemUTC());
    }

    AwsWire(String assumeRole, String externalId, Clock clock) {
        server.start();
        clients = new AwsClients(
                new AwsClients.Settings("us-east-1", URI.create(server.baseUrl()), assumeRole, externalId),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")),
                clock);
    }

    public AwsClients clients() {
        return clients;
    }

    /** Where the stand-in listens: for {@code riposte.aws.endpoint-override} of a separate process. */
    public String baseUrl() {
        return server.baseUrl();
    }

    /** Answer {@code action} with HTTP 200 and {@code xml}. */
    public AwsWire ok(String action, String xml) {
        return answer(action, 200, xml);
    }

    public AwsWire answer(String action, int status, String xml) {
        server.stubFor(forAction(action).willReturn(xmlResponse(status, xml)));
        return this;
    }

    /** Answer {@code action} first with {@code status}/{@code firstXml}, then with 200/{@code thenXml}. */
    public AwsWire firstThen(String action, int status, String firstXml, String thenXml) {
        String scenario = "sequence-" + action;
        server.stubFor(forAction(action)
                .inScenario(scenario)
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(xmlResponse(status, firstXml))
                .willSetStateTo("answered"));
        server.stubFor(forAction(action)
                .inScenario(scenario)
                .whenScenarioStateIs("answered")
                .willReturn(xmlResponse(200, thenXml)));
        return this;
    }

    /** Any other answer, in WireMock's own DSL (a JSON-protocol API beside the query ones). */
    public AwsWire stub(MappingBuilder request, ResponseDefinitionBuilder response) {
        server.stubFor(request.willReturn(response));
        return this;
    }

    /** EC2's error document. */
    public static String ec2Error(String code, String message) {
        return "<Response><Errors><Error><Code>" + code + "</Code><Message>" + message + "</Message></Error></Errors>"
                + "<RequestID>err-req-1</RequestID></Response>";
    }

    /** IAM's (and STS's) error document. */
    public static String iamError(String code, String message) {
        return "<ErrorResponse xmlns=\"" + IAM_NS + "\"><Error><Type>Sender</Type><Code>" + code + "</Code><Message>"
                + message + "</Message></Error><RequestId>err-req-1</RequestId></ErrorResponse>";
    }

    /** An EC2 response with no payload but {@code <return>true</return>}. */
    public static String ec2Return(String action) {
        return "<" + action + "Response xmlns=\"" + EC2_NS + "\"><requestId>req-" + action + "</requestId>"
                + "<return>true</return></" + action + "Response>";
    }

    /** Every request received, oldest first. */
    public List<Call> calls() {
        List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
        Collections.reverse(events);
        return events.stream()
                .map(e -> new Call(form(e.getRequest().getBodyAsString())))
                .toList();
    }

    public List<String> actions() {
        return calls().stream().map(Call::action).toList();
    }

    /** Each call as an IAM permission ({@code ec2:DescribeTags}), told apart by the API version it names. */
    public List<String> permissions() {
        return calls().stream()
                .map(c -> switch (String.valueOf(c.get("Version"))) {
                            case "2016-11-15" -> "ec2:";
                            case "2010-05-08" -> "iam:";
                            case "2011-06-15" -> "sts:";
                            default -> "unknown(" + c.get("Version") + "):";
                        }
                        + c.action())
                .toList();
    }

    public List<String> headers(String name) {
        List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
        Collections.reverse(events);
        return events.stream().map(e -> e.getRequest().getHeader(name)).toList();
    }

    public void reset() {
        server.resetAll();
    }

    private static MappingBuilder forAction(String action) {
        return post(urlPathEqualTo("/")).withFormParam("Action", equalTo(action));
    }

    private static ResponseDefinitionBuilder xmlResponse(int status, String xml) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "text/xml;charset=UTF-8")
                .withBody(xml);
    }

    /** The parameters of an AWS Query request body ({@code Action=...&Version=...}), URL-decoded, in order. */
    public static Map<String, String> form(String body) {
        Map<String, String> m = new LinkedHashMap<>();
        if (body == null || body.isEmpty()) {
            return m;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            m.put(k, v);
        }
        return m;
    }

    @Override
    public void close() {
        clients.close();
        server.stop();
    }
}
