package dev.riposte.aws.action.s3;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.riposte.aws.client.RestWire;
import dev.riposte.aws.document.PolicyStatements;
import dev.riposte.command.ActionCommand;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.ExecutionResult;
import dev.riposte.fact.Events;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The s3:* actions against a local S3 (REST-XML) and S3 Control: exact requests, plans, error paths. */
class S3ActionsTest {
    private static final String BUCKET = "example-bucket";
    private static final String OWNER = Events.ACCOUNT;
    private static final String PROLOG = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
    private static final String CONFIG =
            PROLOG + "<PublicAccessBlockConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                    + "<BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>true</IgnorePublicAcls>"
                    + "<BlockPublicPolicy>true</BlockPublicPolicy><RestrictPublicBuckets>true</RestrictPublicBuckets>"
                    + "</PublicAccessBlockConfiguration>";

    private final RestWire aws = new RestWire();

    @AfterEach
    void stop() {
        aws.close();
    }

    private static ActionContext ctx(String action, String target, Map<String, Object> params) {
        return new ActionContext(
                new ActionCommand(action, target, params),
                Events.withDetail("guardduty-iam-eventbridge.json"),
                Events.ACCOUNT,
                "us-east-1");
    }

    private static ResponseDefinitionBuilder ok() {
        return aResponse().withStatus(200).withHeader("x-amz-request-id", "req-ok");
    }

    private static ResponseDefinitionBuilder s3Error(int status, String code, String message) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/xml")
                .withHeader("x-amz-request-id", "req-err")
                .withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>"
                        + message + "</Message><RequestId>req-err</RequestId><HostId>host-1</HostId></Error>");
    }

    private LoggedRequest only() {
        assertThat(aws.requests()).hasSize(1);
        return aws.requests().get(0);
    }

    // s3:block-public-access

    @Test
    void blockPublicAccessPutsAllFourSettingsOnTheBucketOwnedByTheEventsAccount() {
        aws.stub(put(urlEqualTo("/" + BUCKET + "?publicAccessBlock")), ok());
        BlockBucketPublicAccess h = new BlockBucketPublicAccess(aws.clients());
        ActionContext ctx = ctx("s3:block-public-access", "arn:aws:s3:::" + BUCKET, Map.of());

        ExecutionResult r = h.execute(ctx);

        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(r.awsRequestId()).isEqualTo("req-ok");
        assertThat(r.requests())
                .isEqualTo(h.plan(ctx))
                .containsExactly(new AwsRequest(
                        "s3",
                        "PutPublicAccessBlock",
                        Map.of(
                                "Bucket",
                                BUCKET,
                                "ExpectedBucketOwner",
                                OWNER,
                                "PublicAccessBlockConfiguration",
                                Map.of(
                                        "BlockPublicAcls",
                                        true,
                                        "IgnorePublicAcls",
                                        true,
                                        "BlockPublicPolicy",
                                        true,
                                        "RestrictPublicBuckets",
                                        true))));
        LoggedRequest req = only();
        assertThat(req.getHeader("x-amz-expected-bucket-owner")).isEqualTo(OWNER);
        assertThat(req.getBodyAsString()).isEqualTo(CONFIG);
    }

    @Test
    void blockPublicAccessOnAGoneBucketIsSkipped() {
        aws.stub(
                any(urlPathEqualTo("/" + BUCKET)), s3Error(404, "NoSuchBucket", "The specified bucket does not exist"));

        ExecutionResult r =
                new BlockBucketPublicAccess(aws.clients()).execute(ctx("s3:block-public-access", BUCKET, Map.of()));

        assertThat(r.outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(r.error()).isEqualTo("NoSuchBucket: The specified bucket does not exist");
    }

    @Test
    void slowDownIsRetried() {
        aws.firstThen(
                () -> put(urlEqualTo("/" + BUCKET + "?publicAccessBlock")),
                s3Error(503, "SlowDown", "Please reduce your request rate."),
                ok());

        ExecutionResult r =
                new BlockBucketPublicAccess(aws.clients()).execute(ctx("s3:block-public-access", BUCKET, Map.of()));

        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(aws.lines())
                .containsExactly("PUT /" + BUCKET + "?publicAccessBlock", "PUT /" + BUCKET + "?publicAccessBlock");
    }

    @Test
    void accessDeniedFailsWithCodeAndRequestId() {
        aws.stub(any(urlPathEqualTo("/" + BUCKET)), s3Error(403, "AccessDenied", "Access Denied"));

        ExecutionResult r =
                new BlockBucketPublicAccess(aws.clients()).execute(ctx("s3:block-public-access", BUCKET, Map.of()));

        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.error()).isEqualTo("AccessDenied: Access Denied");
        assertThat(r.awsRequestId()).isEqualTo("req-err");
        assertThat(aws.requests()).hasSize(1);
    }

    @Test
    void bucketTargetsAreChecked() {
        BlockBucketPublicAccess h = new BlockBucketPublicAccess(null);
        assertThat(h.check(ActionCommand.of("s3:block-public-access", BUCKET))).isEmpty();
        assertThat(h.check(ActionCommand.of("s3:block-public-access", "arn:aws:s3:::" + BUCKET)))
                .isEmpty();
        assertThat(h.check(ActionCommand.of("s3:block-public-access", "Not_A_Bucket")))
                .containsExactly(
                        "s3:block-public-access target 'Not_A_Bucket' is not an S3 bucket name or arn:aws:s3:::bucket ARN");
    }

    // s3:block-account-public-access

    @Test
    void accountPublicAccessBlockGoesToS3ControlForTheEventsAccount() {
        aws.stub(put(urlEqualTo("/v20180820/configuration/publicAccessBlock")), ok());
        BlockAccountPublicAccess h = new BlockAccountPublicAccess(aws.clients());
        ActionContext ctx = ctx("s3:block-account-public-access", null, Map.of());

        ExecutionResult r = h.execute(ctx);

        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(r.requests())
                .isEqualTo(h.plan(ctx))
                .containsExactly(new AwsRequest(
                        "s3control",
                        "PutPublicAccessBlock",
                        Map.of(
                                "AccountId",
                                OWNER,
                                "PublicAccessBlockConfiguration",
                                BlockBucketPublicAccess.ALL_BLOCKED)));
        LoggedRequest req = only();
        assertThat(req.getHeader("x-amz-account-id")).isEqualTo(OWNER);
        assertThat(req.getBodyAsString())
                .isEqualTo(CONFIG.replace(
                        "http://s3.amazonaws.com/doc/2006-03-01/",
                        "http://awss3control.amazonaws.com/doc/2018-08-20/"));
    }

    @Test
    void accountTargetMustBeAnAccountId() {
        BlockAccountPublicAccess h = new BlockAccountPublicAccess(null);
        assertThat(h.check(ActionCommand.of("s3:block-account-public-access", "444455556666")))
                .isEmpty();
        assertThat(h.plan(ctx("s3:block-account-public-access", "444455556666", Map.of()))
                        .get(0)
                        .parameters())
                .containsEntry("AccountId", "444455556666");
        assertThat(h.check(ActionCommand.of("s3:block-account-public-access", "prod")))
                .containsExactly("s3:block-account-public-access target 'prod' is not a 12-digit AWS account id");
    }

    // s3:enable-default-encryption

    @Test
    void defaultEncryptionIsSseS3WithoutAKey() {
        aws.stub(put(urlEqualTo("/" + BUCKET + "?encryption")), ok());
        EnableDefaultEncryption h = new EnableDefaultEncryption(aws.clients());
        ActionContext ctx = ctx("s3:enable-default-encryption", BUCKET, Map.of());

        ExecutionResult r = h.execute(ctx);

        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(r.requests())
                .isEqualTo(h.plan(ctx))
                .containsExactly(new AwsRequest(
                        "s3",
                        "PutBucketEncryption",
                        Map.of(
                                "Bucket",
                                BUCKET,
                                "ExpectedBucketOwner",
                                OWNER,
                                "ServerSideEncryptionConfiguration",
                                Map.of(
                                        "Rules",
                                        List.of(Map.of(
                                                "ApplyServerSideEncryptionByDefault",
                                                Map.of("SSEAlgorithm", "AES256")))))));
        assertThat(only().getBodyAsString())
                .isEqualTo(
                        PROLOG + "<ServerSideEncryptionConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                                + "<Rule><ApplyServerSideEncryptionByDefault>"
                                + "<SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault>"
                                + "</Rule></ServerSideEncryptionConfiguration>");
    }

    @Test
    void defaultEncryptionWithAKmsKeyUsesABucketKey() {
        aws.stub(put(urlEqualTo("/" + BUCKET + "?encryption")), ok());
        EnableDefaultEncryption h = new EnableDefaultEncryption(aws.clients());
        String key = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        ActionContext ctx = ctx("s3:enable-default-encryption", BUCKET, Map.of("kmsKeyId", key));

        ExecutionResult r = h.execute(ctx);

        assertThat(r.requests()).isEqualTo(h.plan(ctx));
        assertThat(only().getBodyAsString())
                .isEqualTo(
                        PROLOG + "<ServerSideEncryptionConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                                + "<Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>aws:kms</SSEAlgorithm><KMSMasterKeyID>"
                                + key
                                + "</KMSMasterKeyID></ApplyServerSideEncryptionByDefault><BucketKeyEnabled>true</BucketKeyEnabled></Rule>"
                                + "</ServerSideEncryptionConfiguration>");
        assertThat(new EnableDefaultEncryption(null)
                        .check(new ActionCommand("s3:enable-default-encryption", BUCKET, Map.of("kmsKeyId", " "))))
                .containsExactly("s3:enable-default-encryption kmsKeyId must not be blank (leave it out for SSE-S3)");
    }

    // s3:remove-public-policy-statements

    private static final String PUBLIC_READ = "{\"Sid\":\"PublicRead\",\"Effect\":\"Allow\",\"Principal\":\"*\","
            + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::" + BUCKET + "/*\"}";
    private static final String PUBLIC_AWS_TLS_ONLY =
            "{\"Sid\":\"AnyAwsTls\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},"
                    + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::" + BUCKET
                    + "/*\",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"true\"}}}";
    private static final String FROM_ORG =
            "{\"Sid\":\"Org\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\","
                    + "\"Resource\":\"arn:aws:s3:::" + BUCKET
                    + "/*\",\"Condition\":{\"StringEquals\":{\"aws:PrincipalOrgID\":\"o-abc123\"}}}";
    private static final String DENY_HTTP =
            "{\"Sid\":\"DenyHttp\",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\","
                    + "\"Resource\":\"arn:aws:s3:::" + BUCKET
                    + "/*\",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}";

    private static String policy(String... statements) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
    }

    @Test
    void removesOnlyStatementsOpenToEveryone() {
        aws.stub(
                get(urlEqualTo("/" + BUCKET + "?policy")),
                ok().withBody(policy(PUBLIC_READ, FROM_ORG, PUBLIC_AWS_TLS_ONLY, DENY_HTTP)));
        aws.stub(
                put(urlEqualTo("/" + BUCKET + "?policy")),
                aResponse().withStatus(204).withHeader("x-amz-request-id", "req-put"));
        RemovePublicPolicyStatements h = new RemovePublicPolicyStatements(aws.clients());
        ActionContext ctx = ctx("s3:remove-public-policy-statements", BUCKET, Map.of());

        ExecutionResult r = h.execute(ctx);

        String kept = policy(FROM_ORG, DENY_HTTP);
        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(r.awsRequestId()).isEqualTo("req-put");
        assertThat(r.requests())
                .containsExactly(
                        RemovePublicPolicyStatements.get(BUCKET, OWNER),
                        RemovePublicPolicyStatements.put(BUCKET, OWNER, kept));
        assertThat(r.requests())
                .extracting(AwsRequest::operation)
                .isEqualTo(h.plan(ctx).stream().map(AwsRequest::operation).toList());
        assertThat(aws.lines()).containsExactly("GET /" + BUCKET + "?policy", "PUT /" + BUCKET + "?policy");
        assertThat(PolicyStatements.parse(aws.requests().get(1).getBodyAsString()))
                .isEqualTo(PolicyStatements.parse(kept));
        assertThat(aws.requests())
                .allSatisfy(q ->
                        assertThat(q.getHeader("x-amz-expected-bucket-owner")).isEqualTo(OWNER));
    }

    @Test
    void deletesThePolicyWhenNothingElseRemains() {
        aws.stub(get(urlEqualTo("/" + BUCKET + "?policy")), ok().withBody(policy(PUBLIC_READ)));
        aws.stub(
                delete(urlEqualTo("/" + BUCKET + "?policy")),
                aResponse().withStatus(204).withHeader("x-amz-request-id", "req-del"));

        ExecutionResult r = new RemovePublicPolicyStatements(aws.clients())
                .execute(ctx("s3:remove-public-policy-statements", BUCKET, Map.of()));

        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(r.requests())
                .containsExactly(
                        RemovePublicPolicyStatements.get(BUCKET, OWNER),
                        RemovePublicPolicyStatements.delete(BUCKET, OWNER));
        assertThat(aws.lines()).containsExactly("GET /" + BUCKET + "?policy", "DELETE /" + BUCKET + "?policy");
    }

    @Test
    void noPolicyOrNoPublicStatementIsAlreadyDone() {
        aws.stub(
                get(urlEqualTo("/" + BUCKET + "?policy")),
                s3Error(404, "NoSuchBucketPolicy", "The bucket policy does not exist"));
        RemovePublicPolicyStatements h = new RemovePublicPolicyStatements(aws.clients());

        ExecutionResult none = h.execute(ctx("s3:remove-public-policy-statements", BUCKET, Map.of()));

        assertThat(none.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(none.requests()).containsExactly(RemovePublicPolicyStatements.get(BUCKET, OWNER));

        aws.stub(get(urlEqualTo("/" + BUCKET + "?policy")), ok().withBody(policy(FROM_ORG, DENY_HTTP)));
        ExecutionResult nothingPublic = h.execute(ctx("s3:remove-public-policy-statements", BUCKET, Map.of()));

        assertThat(nothingPublic.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(aws.lines()).containsExactly("GET /" + BUCKET + "?policy", "GET /" + BUCKET + "?policy");
    }

    @Test
    void policyOfAGoneBucketIsSkipped() {
        aws.stub(
                get(urlEqualTo("/" + BUCKET + "?policy")),
                s3Error(404, "NoSuchBucket", "The specified bucket does not exist"));

        ExecutionResult r = new RemovePublicPolicyStatements(aws.clients())
                .execute(ctx("s3:remove-public-policy-statements", BUCKET, Map.of()));

        assertThat(r.outcome()).isEqualTo(Outcome.SKIPPED);
    }
}
