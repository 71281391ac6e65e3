package dev.riposte.aws.investigate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.aws.client.AwsWire;
import dev.riposte.aws.investigate.ec2.InstanceContextStep;
import dev.riposte.aws.investigate.iam.PrincipalContextStep;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.fact.Events;
import dev.riposte.fact.InstanceContext;
import dev.riposte.fact.InvestigationIncomplete;
import dev.riposte.fact.Principal;
import dev.riposte.fact.PrincipalContext;
import dev.riposte.fact.Resource;
import dev.riposte.fact.SecurityEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The investigation steps against WireMock answering like EC2 and IAM: what they gather, how they fail, what they cache. */
class AwsInvestigatorTest {
    static final String INSTANCE = "i-0123456789abcdef0";
    final AwsWire wire = new AwsWire();

    @AfterEach
    void close() {
        // whatever a step sent, it declared: `riposte iam-policy` grants exactly the declared permissions
        Set<String> declared = new HashSet<>();
        List.of(new InstanceContextStep(wire.clients()), new PrincipalContextStep(wire.clients()))
                .forEach(s -> declared.addAll(s.permissions()));
        List<String> sent = wire.permissions();
        wire.close();
        assertThat(declared).containsAll(sent);
    }

    AwsInvestigator investigator(Duration ttl) {
        return new AwsInvestigator(
                List.of(new InstanceContextStep(wire.clients()), new PrincipalContextStep(wire.clients())),
                Duration.ofSeconds(10),
                ttl);
    }

    static SecurityEvent ec2Finding(String id) {
        return Events.guardDuty("Backdoor:EC2/C&CActivity.B")
                .id(id)
                .severity(8.0)
                .resources(Events.instance(INSTANCE, "us-east-1"))
                .build();
    }

    void instanceAnswers(Map<String, String> tags) {
        wire.ok("DescribeInstances", InvestigationXml.describeInstance(INSTANCE, tags, List.of("sg-web", "sg-db")))
                .ok("DescribeSecurityGroups", InvestigationXml.describeSecurityGroups())
                .ok("GetInstanceProfile", InvestigationXml.getInstanceProfile("web-role"));
    }

    @Test
    void anInstanceIsDescribedWithTagsGroupsOpenIngressAndRole() {
        instanceAnswers(Map.of("env", "prod", "aws:autoscaling:groupName", "web-asg"));
        try (AwsInvestigator inv = investigator(Duration.ofMinutes(5))) {
            List<Object> facts = inv.investigate(ec2Finding("evt-1"));
            assertThat(facts).hasSize(1);
            InstanceContext c = (InstanceContext) facts.get(0);
            assertThat(c.eventId()).isEqualTo("evt-1");
            assertThat(c.state()).isEqualTo("running");
            assertThat(c.tags()).containsEntry("env", "prod");
            assertThat(c.isProduction()).isTrue();
            assertThat(c.publicIp()).isEqualTo("203.0.113.10");
            assertThat(c.subnetId()).isEqualTo("subnet-0a1b2c3d4e5f60001");
            assertThat(c.securityGroups()).containsExactly("sg-web", "sg-db");
            assertThat(c.openIngress()).containsExactly("sg-web tcp 22-22 0.0.0.0/0");
            assertThat(c.roleName()).isEqualTo("web-role");
            assertThat(c.autoScalingGroup()).isEqualTo("web-asg");
            assertThat(c.volumeIds()).containsExactly("vol-0a1b2c3d4e5f60001");
            assertThat(c.complete()).isTrue();
        }
        assertThat(wire.actions())
                .containsExactlyInAnyOrder("DescribeInstances", "DescribeSecurityGroups", "GetInstanceProfile");
        assertThat(wire.calls().get(0).get("InstanceId.1")).isEqualTo(INSTANCE);
    }

    @Test
    void aFailedPartLeavesAnIncompleteContextAndSaysWhy() {
        wire.ok("DescribeInstances", InvestigationXml.describeInstance(INSTANCE, Map.of(), List.of("sg-web")))
                .answer("DescribeSecurityGroups", 403, AwsWire.ec2Error("UnauthorizedOperation", "not allowed"))
                .ok("GetInstanceProfile", InvestigationXml.getInstanceProfile("web-role"));
        try (AwsInvestigator inv = investigator(Duration.ofMinutes(5))) {
            List<Object> facts = inv.investigate(ec2Finding("evt-1"));
            assertThat(((InstanceContext) facts.get(0)).complete()).isFalse();
            assertThat(((InstanceContext) facts.get(0)).roleName()).isEqualTo("web-role");
            InvestigationIncomplete why = (InvestigationIncomplete) facts.get(1);
            assertThat(why.step()).isEqualTo("ec2:instance-context " + INSTANCE);
            assertThat(why.reason()).contains("DescribeSecurityGroups", "UnauthorizedOperation");
            // an incomplete result is not cached: the next event asks again
            inv.investigate(ec2Finding("evt-2"));
        }
        assertThat(wire.actions()).filteredOn("DescribeInstances"::equals).hasSize(2);
    }

    @Test
    void aFailedEssentialCallYieldsOnlyAnIncompleteFact() {
        wire.answer("DescribeInstances", 503, AwsWire.ec2Error("Unavailable", "try later"));
        try (AwsInvestigator inv = new AwsInvestigator(
                List.of(new InstanceContextStep(wire.clients())), Duration.ofSeconds(20), Duration.ofMinutes(5))) {
            List<Object> facts = inv.investigate(ec2Finding("evt-1"));
            assertThat(facts).hasSize(1).first().isInstanceOf(InvestigationIncomplete.class);
            assertThat(((InvestigationIncomplete) facts.get(0)).reason()).contains("Unavailable");
        }
    }

    @Test
    void aStepThatTakesTooLongIsCutOff() {
        InvestigationStep slow = new InvestigationStep() {
            public String name() {
                return "test:slow";
            }

            public List<String> permissions() {
                return List.of();
            }

            public List<String> targets(SecurityEvent event) {
                return List.of("x");
            }

            public Object gather(ActionContext ctx, String target, Consumer<String> p) {
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return "late";
            }

            public Object forEvent(Object context, String eventId) {
                return context;
            }
        };
        long start = System.nanoTime();
        try (AwsInvestigator inv = new AwsInvestigator(List.of(slow), Duration.ofMillis(200), Duration.ofMinutes(5))) {
            List<Object> facts = inv.investigate(ec2Finding("evt-1"));
            assertThat(facts)
                    .containsExactly(new InvestigationIncomplete(
                            "evt-1", "test:slow x", "timed out after 200 ms (riposte.investigate.timeout)"));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void eventsOfOtherSourcesAreNotInvestigated() {
        instanceAnswers(Map.of());
        SecurityEvent cloudTrail = Events.cloudTrail("RunInstances")
                .id("ct-1")
                .resources(Events.instance(INSTANCE, "us-east-1"))
                .outcome("success")
                .build();
        try (AwsInvestigator inv = investigator(Duration.ofMinutes(5)).onlySources(Set.of("guardduty"))) {
            assertThat(inv.investigate(cloudTrail)).isEmpty();
            assertThat(inv.investigate(ec2Finding("evt-1"))).hasSize(1);
        }
        assertThat(wire.actions()).filteredOn("DescribeInstances"::equals).hasSize(1);
    }

    @Test
    void aResourceIsReadOncePerCacheTtlAndRestampedForEachEvent() {
        instanceAnswers(Map.of());
        try (AwsInvestigator inv = investigator(Duration.ofMinutes(5))) {
            inv.investigate(ec2Finding("evt-1"));
            List<Object> second = inv.investigate(ec2Finding("evt-2"));
            assertThat(((InstanceContext) second.get(0)).eventId()).isEqualTo("evt-2");
        }
        assertThat(wire.actions()).filteredOn("DescribeInstances"::equals).hasSize(1);
        try (AwsInvestigator uncached = investigator(Duration.ZERO)) {
            uncached.investigate(ec2Finding("evt-1"));
            uncached.investigate(ec2Finding("evt-2"));
        }
        assertThat(wire.actions()).filteredOn("DescribeInstances"::equals).hasSize(3);
    }

    @Test
    void anAdminUserWithKeysConsoleAndGroupsIsDescribed() {
        wire.ok("GetUser", InvestigationXml.getUser("alice", Map.of("team", "ops")))
                .ok(
                        "ListAttachedUserPolicies",
                        InvestigationXml.attachedPolicies("ListAttachedUserPolicies", "ReadOnlyAccess"))
                .ok("ListUserPolicies", InvestigationXml.policyNames("ListUserPolicies", "extra"))
                .ok(
                        "GetUserPolicy",
                        InvestigationXml.inlinePolicy(
                                "GetUserPolicy",
                                "extra",
                                "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}}"))
                .ok("ListGroupsForUser", InvestigationXml.groupsForUser("admins"))
                .ok("ListGroupPolicies", InvestigationXml.policyNames("ListGroupPolicies"))
                .ok(
                        "ListAttachedGroupPolicies",
                        InvestigationXml.attachedPolicies("ListAttachedGroupPolicies", "AdministratorAccess"))
                .ok("ListAccessKeys", InvestigationXml.accessKeys("alice", "AKIAIOSFODNN7EXAMPLE"))
                .ok("GetAccessKeyLastUsed", InvestigationXml.accessKeyLastUsed("alice"))
                .ok("GetLoginProfile", InvestigationXml.loginProfile("alice"))
                .ok("ListMFADevices", InvestigationXml.mfaDevices("alice", false));
        SecurityEvent e = Events.guardDuty("UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS")
                .id("evt-k")
                .severity(8.0)
                .principal(new Principal(
                        "arn:aws:iam::111122223333:user/alice",
                        "IAMUser",
                        "alice",
                        "AKIAIOSFODNN7EXAMPLE",
                        "198.51.100.7",
                        Events.ACCOUNT))
                .resources(new Resource(
                        "AWS::IAM::AccessKey", "AKIAIOSFODNN7EXAMPLE", null, Events.ACCOUNT, null, Map.of()))
                .build();
        try (AwsInvestigator inv = investigator(Duration.ofMinutes(5))) {
            List<Object> facts = inv.investigate(e);
            assertThat(facts).hasSize(1);
            PrincipalContext p = (PrincipalContext) facts.get(0);
            assertThat(p.arn()).isEqualTo("arn:aws:iam::111122223333:user/alice");
            assertThat(p.admin()).as("admin through its group").isTrue();
            assertThat(p.policies()).containsExactly("ReadOnlyAccess", "inline:extra");
            assertThat(p.groups()).containsExactly("admins");
            assertThat(p.consoleAccess()).isTrue();
            assertThat(p.mfaEnabled()).isFalse();
            assertThat(p.tags()).containsEntry("team", "ops");
            PrincipalContext.AccessKey k = p.accessKey("AKIAIOSFODNN7EXAMPLE");
            assertThat(k.isActive()).isTrue();
            assertThat(k.lastUsed()).isEqualTo(Instant.parse("2024-04-30T09:00:00Z"));
            assertThat(k.lastService()).isEqualTo("s3");
            assertThat(k.lastRegion()).isEqualTo("eu-west-1");
            assertThat(p.complete()).isTrue();
        }
    }

    @Test
    void anAssumedRoleSessionIsInvestigatedAsItsRoleAndNoLoginProfileMeansNoConsole() {
        wire.ok("GetRole", InvestigationXml.getRole("BreakGlassAdmin", Map.of()))
                .ok(
                        "ListAttachedRolePolicies",
                        InvestigationXml.attachedPolicies("ListAttachedRolePolicies", "AdministratorAccess"))
                .ok("ListRolePolicies", InvestigationXml.policyNames("ListRolePolicies"));
        SecurityEvent e = Events.guardDuty("Discovery:IAMUser/AnomalousBehavior")
                .id("evt-r")
                .severity(5.0)
                .principal(new Principal(
                        "arn:aws:sts::111122223333:assumed-role/BreakGlassAdmin/jane",
                        "AssumedRole",
                        "BreakGlassAdmin",
                        "ASIAIOSFODNN7EXAMPLE",
                        null,
                        Events.ACCOUNT))
                .build();
        try (AwsInvestigator inv = investigator(Duration.ofMinutes(5))) {
            PrincipalContext p = (PrincipalContext) inv.investigate(e).get(0);
            assertThat(p.isRole()).isTrue();
            assertThat(p.name()).isEqualTo("BreakGlassAdmin");
            assertThat(p.admin()).isTrue();
            assertThat(p.isBreakGlass()).isTrue();
        }
        assertThat(wire.calls().get(0).get("RoleName")).isEqualTo("BreakGlassAdmin");
    }
}
