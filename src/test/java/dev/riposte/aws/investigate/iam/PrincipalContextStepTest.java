package dev.riposte.aws.investigate.iam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.aws.client.AwsWire;
import dev.riposte.aws.investigate.InvestigationXml;
import dev.riposte.command.ActionCommand;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.fact.Events;
import dev.riposte.fact.PrincipalContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** iam:principal-context's admin verdict from inline policies, and its paging through IAM's truncated lists. */
class PrincipalContextStepTest {
    private final AwsWire wire = new AwsWire();
    private final PrincipalContextStep step = new PrincipalContextStep(wire.clients());

    @AfterEach
    void close() {
        // whatever the step sent (paging and inline documents included), it declared for `riposte iam-policy`
        List<String> sent = wire.permissions();
        wire.close();
        assertThat(step.permissions()).containsAll(sent);
    }

    private static ActionContext ctx() {
        return new ActionContext(
                ActionCommand.of(PrincipalContextStep.NAME, null),
                Events.torClient().build(),
                Events.ACCOUNT,
                "us-east-1");
    }

    private void roleWithInline(String document) {
        wire.ok("GetRole", InvestigationXml.getRole("deployer", Map.of()))
                .ok(
                        "ListAttachedRolePolicies",
                        InvestigationXml.attachedPolicies("ListAttachedRolePolicies", "ReadOnlyAccess"))
                .ok("ListRolePolicies", InvestigationXml.policyNames("ListRolePolicies", "everything"))
                .ok("GetRolePolicy", InvestigationXml.inlinePolicy("GetRolePolicy", "everything", document));
    }

    @Test
    void anInlinePolicyAllowingStarOnStarIsAdminEquivalent() {
        roleWithInline(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"*:*\"],\"Resource\":[\"*\"]}]}");
        PrincipalContext p = (PrincipalContext) step.gather(ctx(), "role/deployer", problems -> {});
        assertThat(p.admin()).isTrue();
        assertThat(p.policies()).containsExactly("ReadOnlyAccess", "inline:everything");
        assertThat(p.complete()).isTrue();
        assertThat(wire.calls())
                .filteredOn(c -> "GetRolePolicy".equals(c.action()))
                .singleElement()
                .satisfies(c -> assertThat(c.get("PolicyName")).isEqualTo("everything"));
    }

    @Test
    void aNarrowerInlinePolicyIsNotAdmin() {
        roleWithInline("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"arn:aws:s3:::logs/*\"},"
                + "{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\"},"
                + "{\"Effect\":\"Allow\",\"Action\":\"iam:*\",\"Resource\":\"*\"}]}");
        PrincipalContext p = (PrincipalContext) step.gather(ctx(), "role/deployer", problems -> {});
        assertThat(p.admin()).isFalse();
    }

    @Test
    void anInlinePolicyOfAGroupMakesItsUserAdmin() {
        wire.ok("GetUser", InvestigationXml.getUser("bob", Map.of()))
                .ok("ListAttachedUserPolicies", InvestigationXml.attachedPolicies("ListAttachedUserPolicies"))
                .ok("ListUserPolicies", InvestigationXml.policyNames("ListUserPolicies"))
                .ok("ListGroupsForUser", InvestigationXml.groupsForUser("ops"))
                .ok("ListAttachedGroupPolicies", InvestigationXml.attachedPolicies("ListAttachedGroupPolicies"))
                .ok("ListGroupPolicies", InvestigationXml.policyNames("ListGroupPolicies", "ops-all"))
                .ok(
                        "GetGroupPolicy",
                        InvestigationXml.inlinePolicy(
                                "GetGroupPolicy",
                                "ops-all",
                                "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\","
                                        + "\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}}}"))
                .ok("ListAccessKeys", InvestigationXml.accessKeys("bob", "AKIAIOSFODNN7EXAMPLE"))
                .ok("GetAccessKeyLastUsed", InvestigationXml.accessKeyLastUsed("bob"))
                .ok("GetLoginProfile", InvestigationXml.loginProfile("bob"))
                .ok("ListMFADevices", InvestigationXml.mfaDevices("bob", true));
        PrincipalContext p = (PrincipalContext) step.gather(ctx(), "user/bob", problems -> {});
        assertThat(p.admin()).isTrue();
        assertThat(p.complete()).isTrue();
    }

    @Test
    void truncatedListsAreFollowedWithTheirMarker() {
        wire.ok("GetUser", InvestigationXml.getUser("carol", Map.of()))
                .firstThen(
                        "ListAttachedUserPolicies",
                        200,
                        InvestigationXml.attachedPoliciesPage("ListAttachedUserPolicies", "page-2", "ReadOnlyAccess"),
                        InvestigationXml.attachedPoliciesPage("ListAttachedUserPolicies", null, "AdministratorAccess"))
                .firstThen(
                        "ListUserPolicies",
                        200,
                        "<ListUserPoliciesResponse xmlns=\"" + AwsWire.IAM_NS
                                + "\"><ListUserPoliciesResult><PolicyNames>"
                                + "<member>a</member></PolicyNames><IsTruncated>true</IsTruncated><Marker>names-2</Marker>"
                                + "</ListUserPoliciesResult></ListUserPoliciesResponse>",
                        InvestigationXml.policyNames("ListUserPolicies", "b"))
                .ok(
                        "GetUserPolicy",
                        InvestigationXml.inlinePolicy(
                                "GetUserPolicy",
                                "x",
                                "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}}"))
                .ok("ListGroupsForUser", InvestigationXml.groupsForUser())
                .firstThen(
                        "ListAccessKeys",
                        200,
                        "<ListAccessKeysResponse xmlns=\"" + AwsWire.IAM_NS
                                + "\"><ListAccessKeysResult><AccessKeyMetadata>"
                                + "<member><UserName>carol</UserName><AccessKeyId>AKIAFIRSTPAGE0000001</AccessKeyId>"
                                + "<Status>Inactive</Status><CreateDate>2024-01-01T00:00:00Z</CreateDate></member>"
                                + "</AccessKeyMetadata><IsTruncated>true</IsTruncated><Marker>keys-2</Marker>"
                                + "</ListAccessKeysResult></ListAccessKeysResponse>",
                        InvestigationXml.accessKeys("carol", "AKIAIOSFODNN7EXAMPLE"))
                .ok("GetAccessKeyLastUsed", InvestigationXml.accessKeyLastUsed("carol"))
                .ok("GetLoginProfile", InvestigationXml.loginProfile("carol"))
                .ok("ListMFADevices", InvestigationXml.mfaDevices("carol", false));

        List<String> problems = new ArrayList<>();
        PrincipalContext p = (PrincipalContext) step.gather(ctx(), "user/carol", problems::add);

        assertThat(problems).isEmpty();
        assertThat(p.admin()).as("AdministratorAccess is on the second page").isTrue();
        assertThat(p.policies()).containsExactly("ReadOnlyAccess", "AdministratorAccess", "inline:a", "inline:b");
        assertThat(p.accessKeys())
                .extracting(PrincipalContext.AccessKey::id)
                .containsExactly("AKIAFIRSTPAGE0000001", "AKIAIOSFODNN7EXAMPLE");
        assertThat(wire.calls())
                .filteredOn(c -> "ListAttachedUserPolicies".equals(c.action()))
                .extracting(c -> c.get("Marker"))
                .containsExactly(null, "page-2");
        assertThat(wire.calls())
                .filteredOn(c -> "ListUserPolicies".equals(c.action()))
                .extracting(c -> c.get("Marker"))
                .containsExactly(null, "names-2");
        assertThat(wire.calls())
                .filteredOn(c -> "ListAccessKeys".equals(c.action()))
                .extracting(c -> c.get("Marker"))
                .containsExactly(null, "keys-2");
    }

    @Test
    void aPolicyDocumentThatIsNotJsonLeavesTheContextIncomplete() {
        roleWithInline("not json");
        List<String> problems = new ArrayList<>();
        PrincipalContext p = (PrincipalContext) step.gather(ctx(), "role/deployer", problems::add);
        assertThat(p.complete()).isFalse();
        assertThat(problems)
                .singleElement()
                .asString()
                .startsWith("GetRolePolicy everything: policy is not a JSON object");
    }
}
