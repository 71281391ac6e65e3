package dev.riposte.aws.investigate.s3;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.riposte.aws.client.RestWire;
import dev.riposte.aws.investigate.AwsInvestigator;
import dev.riposte.fact.BucketContext;
import dev.riposte.fact.Events;
import dev.riposte.fact.InvestigationIncomplete;
import dev.riposte.fact.Resource;
import dev.riposte.fact.SecurityEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** s3:bucket-context against a local S3 and S3 Control: what it reads, how "none configured" and failures differ. */
class BucketContextStepTest {
    private static final String BUCKET = "example-bucket";
    private static final String NS = " xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"";
    private static final String ACL_PUBLIC =
            "<AccessControlPolicy" + NS + "><Owner><ID>owner-1</ID></Owner><AccessControlList>"
                    + "<Grant><Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"CanonicalUser\"><ID>owner-1</ID>"
                    + "</Grantee><Permission>FULL_CONTROL</Permission></Grant>"
                    + "<Grant><Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"Group\">"
                    + "<URI>http://acs.amazonaws.com/groups/global/AllUsers</URI></Grantee><Permission>READ</Permission></Grant>"
                    + "</AccessControlList></AccessControlPolicy>";
    private static final String ACL_PRIVATE = "<AccessControlPolicy" + NS + "><Owner><ID>owner-1</ID></Owner>"
            + "<AccessControlList></AccessControlList></AccessControlPolicy>";

    private final RestWire aws = new RestWire();
    private final BucketContextStep step = new BucketContextStep(aws.clients());

    @AfterEach
    void stop() {
        aws.close();
    }

    private static ResponseDefinitionBuilder xml(String body) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/xml")
                .withHeader("x-amz-request-id", "req-ok")
                .withBody(body);
    }

    private static ResponseDefinitionBuilder s3Error(int status, String code) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/xml")
                .withBody("<Error><Code>" + code + "</Code><Message>" + code
                        + "</Message><RequestId>r</RequestId></Error>");
    }

    /** S3 Control wraps its errors in ErrorResponse, unlike S3. */
    private static ResponseDefinitionBuilder controlError(int status, String code) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/xml")
                .withBody("<ErrorResponse><Error><Code>" + code + "</Code><Message>" + code + "</Message></Error>"
                        + "<RequestId>r</RequestId></ErrorResponse>");
    }

    private static String block(String ns, boolean on) {
        return "<PublicAccessBlockConfiguration xmlns=\"" + ns + "\"><BlockPublicAcls>" + on
                + "</BlockPublicAcls><IgnorePublicAcls>"
                + on + "</IgnorePublicAcls><BlockPublicPolicy>" + on + "</BlockPublicPolicy><RestrictPublicBuckets>"
                + on
                + "</RestrictPublicBuckets></PublicAccessBlockConfiguration>";
    }

    static SecurityEvent bucketFinding() {
        Resource b = new Resource(
                "AWS::S3::Bucket", BUCKET, "arn:aws:s3:::" + BUCKET, Events.ACCOUNT, "us-east-1", Map.of());
        return Events.guardDuty("Policy:S3/BucketAnonymousAccessGranted")
                .id("evt-s3")
                .severity(8.0)
                .resources(b)
                .build();
    }

    private List<Object> investigate() {
        try (AwsInvestigator inv = new AwsInvestigator(List.of(step), Duration.ofSeconds(10), Duration.ZERO)) {
            return inv.investigate(bucketFinding());
        }
    }

    @Test
    void aPublicUnprotectedBucketIsDescribed() {
        aws.stub(get(urlEqualTo("/" + BUCKET + "?acl")), xml(ACL_PUBLIC))
                .stub(
                        get(urlEqualTo("/" + BUCKET + "?publicAccessBlock")),
                        s3Error(404, "NoSuchPublicAccessBlockConfiguration"))
                .stub(
                        get(urlEqualTo("/v20180820/configuration/publicAccessBlock")),
                        controlError(404, "NoSuchPublicAccessBlockConfiguration"))
                .stub(
                        get(urlEqualTo("/" + BUCKET + "?policyStatus")),
                        xml("<PolicyStatus" + NS + "><IsPublic>true</IsPublic></PolicyStatus>"))
                .stub(
                        get(urlEqualTo("/" + BUCKET + "?encryption")),
                        s3Error(404, "ServerSideEncryptionConfigurationNotFoundError"))
                .stub(get(urlEqualTo("/" + BUCKET + "?versioning")), xml("<VersioningConfiguration" + NS + "/>"));

        List<Object> facts = investigate();

        assertThat(facts).singleElement().isInstanceOfSatisfying(BucketContext.class, c -> {
            assertThat(c.eventId()).isEqualTo("evt-s3");
            assertThat(c.bucket()).isEqualTo(BUCKET);
            assertThat(c.bucketBlock()).isNull();
            assertThat(c.accountBlock()).isNull();
            assertThat(c.policyPublic()).isTrue();
            assertThat(c.publicGrants()).containsExactly("AllUsers:READ");
            assertThat(c.encryption()).isNull();
            assertThat(c.versioning()).isNull();
            assertThat(c.isPublic()).isTrue();
            assertThat(c.isFullyBlocked()).isFalse();
            assertThat(c.complete()).isTrue();
        });
        assertThat(aws.requests()).allSatisfy(r -> {
            if (r.getUrl().startsWith("/v20180820")) {
                assertThat(r.getHeader("x-amz-account-id")).isEqualTo(Events.ACCOUNT);
            } else {
                assertThat(r.getHeader("x-amz-expected-bucket-owner")).isEqualTo(Events.ACCOUNT);
            }
        });
    }

    @Test
    void anAccountLevelBlockNeutralisesAPublicPolicyAndAcl() {
        aws.stub(get(urlEqualTo("/" + BUCKET + "?acl")), xml(ACL_PUBLIC))
                .stub(
                        get(urlEqualTo("/" + BUCKET + "?publicAccessBlock")),
                        xml(block("http://s3.amazonaws.com/doc/2006-03-01/", false)))
                .stub(
                        get(urlEqualTo("/v20180820/configuration/publicAccessBlock")),
                        xml(block("http://awss3control.amazonaws.com/doc/2018-08-20/", true)))
                .stub(
                        get(urlEqualTo("/" + BUCKET + "?policyStatus")),
                        xml("<PolicyStatus" + NS + "><IsPublic>true</IsPublic></PolicyStatus>"))
                .stub(
                        get(urlEqualTo("/" + BUCKET + "?encryption")),
                        xml("<ServerSideEncryptionConfiguration" + NS + "><Rule>"
                                + "<ApplyServerSideEncryptionByDefault>"
                                + "<SSEAlgorithm>aws:kms</SSEAlgorithm></ApplyServerSideEncryptionByDefault>"
                                + "</Rule></ServerSideEncryptionConfiguration>"))
                .stub(
                        get(urlEqualTo("/" + BUCKET + "?versioning")),
                        xml("<VersioningConfiguration" + NS + "><Status>Enabled</Status></VersioningConfiguration>"));

        BucketContext c = (BucketContext) investigate().get(0);

        assertThat(c.bucketBlock()).isEqualTo(new BucketContext.PublicAccessBlock(false, false, false, false));
        assertThat(c.accountBlock().isFull()).isTrue();
        assertThat(c.isFullyBlocked()).isTrue();
        assertThat(c.isPublic()).isFalse();
        assertThat(c.encryption()).isEqualTo("aws:kms");
        assertThat(c.isVersioned()).isTrue();
    }

    @Test
    void aPartThatFailsLeavesAnIncompleteContextWithAnUnknownPolicyVerdict() {
        aws.stub(get(urlEqualTo("/" + BUCKET + "?acl")), xml(ACL_PRIVATE))
                .stub(
                        get(urlEqualTo("/" + BUCKET + "?publicAccessBlock")),
                        s3Error(404, "NoSuchPublicAccessBlockConfiguration"))
                .stub(get(urlEqualTo("/v20180820/configuration/publicAccessBlock")), controlError(403, "AccessDenied"))
                .stub(get(urlEqualTo("/" + BUCKET + "?policyStatus")), s3Error(403, "AccessDenied"))
                .stub(
                        get(urlEqualTo("/" + BUCKET + "?encryption")),
                        s3Error(404, "ServerSideEncryptionConfigurationNotFoundError"))
                .stub(
                        get(urlEqualTo("/" + BUCKET + "?versioning")),
                        xml("<VersioningConfiguration" + NS + "><Status>Suspended</Status></VersioningConfiguration>"));

        List<Object> facts = investigate();

        BucketContext c = (BucketContext) facts.get(0);
        assertThat(c.complete()).isFalse();
        assertThat(c.policyPublic()).as("unknown, not 'no policy'").isNull();
        assertThat(c.versioning()).isEqualTo("Suspended");
        assertThat(facts.subList(1, facts.size()))
                .extracting(f -> ((InvestigationIncomplete) f).reason())
                .containsExactly(
                        "GetPublicAccessBlock (account): AccessDenied: AccessDenied; fix: allow the role s3:GetBucketAcl,"
                                + " s3:GetBucketPublicAccessBlock, s3:GetAccountPublicAccessBlock,"
                                + " s3:GetBucketPolicyStatus, s3:GetEncryptionConfiguration, s3:GetBucketVersioning"
                                + " (riposte iam-policy prints them, statement RiposteReads), " + TRIAL,
                        "GetBucketPolicyStatus: AccessDenied: AccessDenied; fix: allow the role s3:GetBucketPolicyStatus"
                                + " (riposte iam-policy prints them, statement RiposteReads), " + TRIAL);
    }

    static final String TRIAL = "or set riposte.investigate.enabled=false for a trial";

    @Test
    void aMissingBucketFailsTheStep() {
        aws.stub(get(urlEqualTo("/" + BUCKET + "?acl")), s3Error(404, "NoSuchBucket"));
        assertThat(investigate()).singleElement().isInstanceOfSatisfying(InvestigationIncomplete.class, i -> {
            assertThat(i.step()).isEqualTo("s3:bucket-context " + BUCKET);
            assertThat(i.reason()).startsWith("NoSuchBucket");
        });
    }

    @Test
    void targetsAreTheEventsBuckets() {
        assertThat(step.targets(bucketFinding())).containsExactly(BUCKET);
        Resource byArn = new Resource("AWS::S3::Bucket", null, "arn:aws:s3:::other-bucket", null, null, Map.of());
        SecurityEvent e = Events.guardDuty("t")
                .id("e")
                .severity(5.0)
                .resources(byArn, Events.instance("i-0123456789abcdef0", "us-east-1"))
                .build();
        assertThat(step.targets(e)).containsExactly("other-bucket");
    }
}
