package dev.riposte.aws.action.s3;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.riposte.aws.action.ForwardedEvent;
import dev.riposte.aws.action.ReportDocument;
import dev.riposte.aws.client.RestWire;
import dev.riposte.command.ActionCommand;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.EventReport;
import dev.riposte.dispatch.ExecutionResult;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** s3:put-object archiving to a local S3: keys, bodies, plan = requests, and the error paths. */
class PutObjectTest {
    static final String ARCHIVE = "security-archive";
    static final String KEY = "riposte/111122223333/2024/05/01/evt-0001";
    static final ObjectMapper JSON = new ObjectMapper();

    private final RestWire aws = new RestWire();
    private final PutObject handler = new PutObject(aws.clients());

    @AfterEach
    void stop() {
        aws.close();
    }

    static ActionContext ctx(Map<String, Object> params, EventReport report) {
        return ForwardedEvent.context("s3:put-object", params, report);
    }

    static EventReport report() {
        return new EventReport(
                "key facts",
                "/r/evt-0001.md",
                "/r/evt-0001.json",
                "# Investigation report\n",
                "{\"eventId\":\"evt-0001\"}");
    }

    private static ResponseDefinitionBuilder ok() {
        return aResponse()
                .withStatus(200)
                .withHeader("x-amz-request-id", "req-put")
                .withHeader("ETag", "\"e\"");
    }

    private static ResponseDefinitionBuilder s3Error(int status, String code) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/xml")
                .withHeader("x-amz-request-id", "req-err")
                .withBody("<Error><Code>" + code + "</Code><Message>" + code
                        + " message</Message><RequestId>req-err</RequestId></Error>");
    }

    /** The object's bytes as sent, whether the SDK sent them plain or aws-chunked with a trailing checksum. */
    static String body(LoggedRequest r) {
        String raw = r.getBodyAsString();
        if (!"aws-chunked".equals(r.getHeader("Content-Encoding")) && !raw.matches("(?s)^[0-9a-f]+\\r\\n.*")) {
            return raw;
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (true) {
            int eol = raw.indexOf("\r\n", i);
            int size = Integer.parseInt(raw.substring(i, eol).split(";")[0], 16);
            if (size == 0) {
                return out.toString();
            }
            out.append(raw, eol + 2, eol + 2 + size);
            i = eol + 2 + size + 2;
        }
    }

    @Test
    void archivesTheEventWithItsReportAndTheMarkdownBesideIt() throws Exception {
        aws.stub(put(urlPathMatching("/" + ARCHIVE + "/.*")), ok());
        ActionContext ctx = ctx(Map.of("bucket", ARCHIVE, "expectedBucketOwner", "444455556666"), report());

        ExecutionResult r = handler.execute(ctx);

        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(r.requests()).isEqualTo(handler.plan(ctx)).hasSize(2);
        assertThat(aws.lines())
                .containsExactly("PUT /" + ARCHIVE + "/" + KEY + ".json", "PUT /" + ARCHIVE + "/" + KEY + ".md");
        LoggedRequest json = aws.requests().get(0);
        assertThat(json.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(json.getHeader("x-amz-expected-bucket-owner")).isEqualTo("444455556666");
        String doc = body(json);
        JsonNode archived = JSON.readTree(doc);
        assertThat(archived.get("event").get("id").asText()).isEqualTo("evt-0001");
        assertThat(archived.get("report").get("eventId").asText()).isEqualTo("evt-0001");
        assertThat(r.requests().get(0).parameters().get("Body")).isEqualTo(ReportDocument.digest(doc));
        assertThat(body(aws.requests().get(1))).isEqualTo("# Investigation report\n");
        assertThat(aws.requests().get(1).getHeader("Content-Type")).startsWith("text/markdown");
        assertThat(handler.spec().permissions()).containsExactly("s3:PutObject");
    }

    @Test
    void withoutAReportOnlyTheEventIsArchivedUnderThePrefix() {
        aws.stub(put(urlPathMatching("/" + ARCHIVE + "/.*")), ok());
        ExecutionResult r = handler.execute(ctx(Map.of("bucket", ARCHIVE, "prefix", "findings/"), null));
        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(aws.lines()).containsExactly("PUT /" + ARCHIVE + "/findings/111122223333/2024/05/01/evt-0001.json");
    }

    @Test
    void aMissingBucketOrAccessDeniedFailsWithTheCode() {
        aws.stub(put(urlPathMatching("/" + ARCHIVE + "/.*")), s3Error(404, "NoSuchBucket"));
        ExecutionResult missing = handler.execute(ctx(Map.of("bucket", ARCHIVE), report()));
        assertThat(missing.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(missing.error()).startsWith("NoSuchBucket");
        assertThat(missing.requests()).hasSize(1); // the Markdown is not tried once the first object failed

        aws.stub(put(urlPathMatching("/" + ARCHIVE + "/.*")), s3Error(403, "AccessDenied"));
        assertThat(handler.execute(ctx(Map.of("bucket", ARCHIVE), report())).error())
                .startsWith("AccessDenied");
    }

    @Test
    void slowDownIsRetried() {
        aws.firstThen(() -> put(urlPathMatching("/" + ARCHIVE + "/.*\\.json")), s3Error(503, "SlowDown"), ok());
        aws.stub(put(urlPathMatching("/" + ARCHIVE + "/.*\\.md")), ok());
        assertThat(handler.execute(ctx(Map.of("bucket", ARCHIVE), report())).outcome())
                .isEqualTo(Outcome.SUCCEEDED);
        assertThat(aws.requests()).hasSize(3);
    }

    @Test
    void parametersAreCheckedWhenRulesLoad() {
        assertThat(handler.check(new ActionCommand("s3:put-object", null, Map.of("bucket", "Bad_Bucket"))))
                .isNotEmpty();
        assertThat(handler.check(new ActionCommand(
                        "s3:put-object",
                        null,
                        Map.of("bucket", ARCHIVE, "prefix", "/abs", "region", "moon", "expectedBucketOwner", "12"))))
                .hasSize(3);
        assertThat(handler.check(
                        new ActionCommand("s3:put-object", null, Map.of("bucket", ARCHIVE, "region", "eu-west-1"))))
                .isEmpty();
    }
}
