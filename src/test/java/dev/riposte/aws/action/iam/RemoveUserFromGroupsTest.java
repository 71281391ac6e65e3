package dev.riposte.aws.action.iam;

import static dev.riposte.aws.action.iam.IamTestSupport.ctx;
import static dev.riposte.aws.action.iam.IamTestSupport.empty;
import static dev.riposte.aws.client.AwsWire.iamError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.aws.client.AwsWire;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.ExecutionResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RemoveUserFromGroupsTest {
    private final AwsWire aws = new AwsWire();
    private final RemoveUserFromGroups handler = new RemoveUserFromGroups(aws.clients());

    @AfterEach
    void stop() {
        aws.close();
    }

    private static String groups(boolean truncated, String marker, String... names) {
        StringBuilder s = new StringBuilder(
                "<ListGroupsForUserResponse xmlns=\"" + AwsWire.IAM_NS + "\"><ListGroupsForUserResult><Groups>");
        for (String n : names) {
            s.append("<member><Path>/</Path><GroupName>")
                    .append(n)
                    .append("</GroupName><GroupId>AGPAEXAMPLE")
                    .append(n.length())
                    .append("</GroupId><Arn>arn:aws:iam::111122223333:group/")
                    .append(n)
                    .append("</Arn><CreateDate>2020-01-01T00:00:00Z</CreateDate></member>");
        }
        s.append("</Groups><IsTruncated>").append(truncated).append("</IsTruncated>");
        if (marker != null) {
            s.append("<Marker>").append(marker).append("</Marker>");
        }
        return s.append("</ListGroupsForUserResult><ResponseMetadata><RequestId>req-list</RequestId></ResponseMetadata>"
                        + "</ListGroupsForUserResponse>")
                .toString();
    }

    @Test
    void removesTheUserFromEveryGroupAcrossPages() {
        aws.firstThen("ListGroupsForUser", 200, groups(true, "page2", "admins", "dev"), groups(false, null, "ops"));
        aws.ok("RemoveUserFromGroup", empty("RemoveUserFromGroup"));

        ExecutionResult r = handler.execute(ctx("iam:remove-user-from-groups", "alice", Map.of()));

        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(aws.actions())
                .containsExactly(
                        "ListGroupsForUser",
                        "ListGroupsForUser",
                        "RemoveUserFromGroup",
                        "RemoveUserFromGroup",
                        "RemoveUserFromGroup");
        assertThat(aws.calls().get(1).params()).containsEntry("Marker", "page2");
        assertThat(aws.calls().subList(2, 5))
                .extracting(c -> c.get("GroupName"))
                .containsExactly("admins", "dev", "ops");
        assertThat(aws.calls().get(2).params())
                .isEqualTo(Map.of(
                        "Action",
                        "RemoveUserFromGroup",
                        "Version",
                        "2010-05-08",
                        "GroupName",
                        "admins",
                        "UserName",
                        "alice"));
        assertThat(r.requests().get(2))
                .isEqualTo(new AwsRequest(
                        "iam", "RemoveUserFromGroup", Map.of("GroupName", "admins", "UserName", "alice")));
    }

    @Test
    void onlyTheListedGroupsAndAlreadyRemovedCountsAsDone() {
        aws.ok("ListGroupsForUser", groups(false, null, "admins", "dev"));
        aws.answer("RemoveUserFromGroup", 404, iamError("NoSuchEntity", "The group with name admins cannot be found."));

        ExecutionResult r = handler.execute(
                ctx("iam:remove-user-from-groups", "alice", Map.of("groups", List.of("admins", "other"))));

        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(aws.actions()).containsExactly("ListGroupsForUser", "RemoveUserFromGroup");
        assertThat(handler.plan(ctx("iam:remove-user-from-groups", "alice", Map.of())))
                .containsExactly(
                        new AwsRequest("iam", "ListGroupsForUser", Map.of("UserName", "alice")),
                        new AwsRequest(
                                "iam",
                                "RemoveUserFromGroup",
                                Map.of("GroupName", "<each-group-of:alice>", "UserName", "alice")));
    }

    @Test
    void aGoneUserIsSkipped() {
        aws.answer("ListGroupsForUser", 404, iamError("NoSuchEntity", "The user with name alice cannot be found."));

        assertThat(handler.execute(ctx("iam:remove-user-from-groups", "alice", Map.of()))
                        .outcome())
                .isEqualTo(Outcome.SKIPPED);
    }
}
