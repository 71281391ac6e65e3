package dev.riposte.aws.tags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riposte.aws.client.AwsWire;
import dev.riposte.dispatch.RateLimitedException;
import dev.riposte.dispatch.Throttle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Current tags read from AWS on the wire (WireMock answering like EC2 and IAM). */
class AwsTagReaderTest {
    private final AwsWire aws = new AwsWire();
    /** The rate-limit requests the reader made, and whether the next one is refused. */
    private final List<String> tokens = new ArrayList<>();

    private boolean refuse;
    private final AwsTagReader reader = new AwsTagReader(aws.clients(), (action, account, region, calls) -> {
        calls.forEach(c -> tokens.add(account + " " + region + " " + c.service() + ":" + c.operation()));
        return refuse ? new Throttle.Permit(false, 5000, "no token within 5s") : Throttle.Permit.FREE;
    });

    @AfterEach
    void stop() {
        List<String> sent = aws.permissions();
        aws.close();
        assertThat(AwsTagReader.PERMISSIONS)
                .as("declared for riposte iam-policy")
                .containsAll(sent);
    }

    @Test
    void ec2TagsComeFromDescribeTagsFilteredByTheResourceId() {
        aws.ok("DescribeTags", """
                <DescribeTagsResponse xmlns="%s"><requestId>r-1</requestId><tagSet>
                  <item><resourceId>i-0abc</resourceId><resourceType>instance</resourceType>
                    <key>riposte:exempt</key><value>true</value></item>
                  <item><resourceId>i-0abc</resourceId><resourceType>instance</resourceType><key>env</key><value>prod</value></item>
                </tagSet></DescribeTagsResponse>""".formatted(AwsWire.EC2_NS));

        Map<String, String> tags = reader.currentTags(
                        "111122223333",
                        "us-east-1",
                        "AWS::EC2::Instance",
                        "arn:aws:ec2:us-east-1:111122223333:instance/i-0abc")
                .orElseThrow();

        assertThat(tags).containsExactlyInAnyOrderEntriesOf(Map.of("riposte:exempt", "true", "env", "prod"));
        assertThat(tokens).containsExactly("111122223333 us-east-1 ec2:DescribeTags");
        assertThat(aws.calls()).singleElement().satisfies(c -> {
            assertThat(c.get("Filter.1.Name")).isEqualTo("resource-id");
            assertThat(c.get("Filter.1.Value.1")).isEqualTo("i-0abc");
        });
    }

    @Test
    void iamUserTagsComeFromListUserTags() {
        aws.ok("ListUserTags", """
                <ListUserTagsResponse xmlns="%s"><ListUserTagsResult><IsTruncated>false</IsTruncated><Tags>
                  <member><Key>riposte:exempt</Key><Value>break-glass</Value></member>
                </Tags></ListUserTagsResult>
                <ResponseMetadata><RequestId>r-2</RequestId></ResponseMetadata></ListUserTagsResponse>""".formatted(AwsWire.IAM_NS));

        assertThat(reader.currentTags("111122223333", null, "AWS::IAM::User", "alice")
                        .orElseThrow())
                .containsExactlyEntriesOf(Map.of("riposte:exempt", "break-glass"));
        assertThat(aws.calls())
                .singleElement()
                .satisfies(c -> assertThat(c.get("UserName")).isEqualTo("alice"));
    }

    @Test
    void aSessionArnReadsItsRoleInItsAccountAndIamArnsTheirOwnType() {
        aws.ok("ListRoleTags", """
                <ListRoleTagsResponse xmlns="%s"><ListRoleTagsResult><IsTruncated>false</IsTruncated><Tags>
                  <member><Key>riposte:exempt</Key><Value>true</Value></member>
                </Tags></ListRoleTagsResult>
                <ResponseMetadata><RequestId>r-3</RequestId></ResponseMetadata></ListRoleTagsResponse>""".formatted(AwsWire.IAM_NS));

        assertThat(reader.currentTags(
                                "111122223333",
                                "us-east-1",
                                "AWS::IAM::Role",
                                "arn:aws:sts::444455556666:assumed-role/app-role/session-1")
                        .orElseThrow())
                .containsExactlyEntriesOf(Map.of("riposte:exempt", "true"));
        // iam:attach-deny-all-policy declares AWS::IAM::User|AWS::IAM::Role: the ARN says which
        assertThat(reader.currentTags(
                        "111122223333",
                        "us-east-1",
                        "AWS::IAM::User|AWS::IAM::Role",
                        "arn:aws:iam::444455556666:role/team/app-role"))
                .isPresent();

        assertThat(aws.calls())
                .extracting(c -> c.get("Action") + " " + c.get("RoleName"))
                .containsExactly("ListRoleTags app-role", "ListRoleTags app-role");
        assertThat(tokens)
                .containsExactly(
                        "444455556666 aws-global iam:ListRoleTags", "444455556666 aws-global iam:ListRoleTags");
    }

    @Test
    void unknownTypesAreLeftToTheEventsTagsAndErrorsPropagate() {
        assertThat(reader.currentTags("111122223333", "us-east-1", "AWS::S3::Bucket", "my-bucket"))
                .isEmpty();
        assertThat(aws.calls()).isEmpty();

        aws.answer("DescribeTags", 403, AwsWire.ec2Error("UnauthorizedOperation", "You are not authorized"));
        assertThatThrownBy(() -> reader.currentTags("111122223333", "us-east-1", "AWS::EC2::Instance", "i-0abc"))
                .hasMessageContaining("You are not authorized")
                .hasMessageContaining("Status Code: 403");
    }

    @Test
    void aReadWithoutItsRateLimitTokenIsNotSentAndSaysSo() {
        refuse = true;
        assertThatThrownBy(() -> reader.currentTags("111122223333", "us-east-1", "AWS::EC2::Instance", "i-0abc"))
                .isInstanceOf(RateLimitedException.class)
                .hasMessageContaining("i-0abc")
                .hasMessageContaining("no token within 5s");
        assertThat(aws.calls()).isEmpty();
        assertThat(tokens).containsExactly("111122223333 us-east-1 ec2:DescribeTags");
    }
}
