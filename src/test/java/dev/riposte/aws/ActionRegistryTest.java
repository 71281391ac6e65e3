package dev.riposte.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riposte.aws.ec2.DenyIpInNacl;
import dev.riposte.aws.ec2.DetachFromAutoScaling;
import dev.riposte.aws.ec2.EnableTerminationProtection;
import dev.riposte.aws.ec2.IsolateInstance;
import dev.riposte.aws.ec2.MakeSnapshotPrivate;
import dev.riposte.aws.ec2.RequireImdsv2;
import dev.riposte.aws.ec2.RevokeIngress;
import dev.riposte.aws.ec2.RevokeOpenIngress;
import dev.riposte.aws.ec2.SnapshotVolumes;
import dev.riposte.aws.ec2.StopInstance;
import dev.riposte.aws.ec2.TagResource;
import dev.riposte.aws.iam.AttachDenyAllPolicy;
import dev.riposte.aws.iam.DeactivateAccessKey;
import dev.riposte.aws.iam.DeleteLoginProfile;
import dev.riposte.aws.iam.RemoveUserFromGroups;
import dev.riposte.aws.iam.RevokeRoleSessions;
import dev.riposte.aws.guardduty.ArchiveFinding;
import dev.riposte.aws.securityhub.UpdateFinding;
import dev.riposte.aws.wafv2.BlockIp;
import dev.riposte.command.ActionCommand;
import dev.riposte.dispatch.ActionCatalogue;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.ActionHandler;
import dev.riposte.dispatch.ActionSpec;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.TestEvents;
import dev.riposte.notify.LogNotification;
import dev.riposte.notify.WebhookNotification;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Rules every action of the catalogue keeps (Cloud Custodian's registry-wide tests). */
class ActionRegistryTest {
    /** Planning never calls AWS, so the handlers need no reachable endpoint here. */
    private static final List<ActionHandler> HANDLERS = handlers();

    /** One valid example command per action: adding an action without one fails {@link #everyActionHasAValidExample}. */
    private static final Map<String, ActionCommand> EXAMPLES = examples();

    private static List<ActionHandler> handlers() {
        AwsClients none = null;
        return List.of(new IsolateInstance(none), new StopInstance(none), new EnableTerminationProtection(none),
                new RequireImdsv2(none), new TagResource(none), new MakeSnapshotPrivate(none), new RevokeIngress(none),
                new RevokeOpenIngress(none), new SnapshotVolumes(none), new DenyIpInNacl(none), new DetachFromAutoScaling(none),
                new DeactivateAccessKey(none), new AttachDenyAllPolicy(none), new RevokeRoleSessions(none),
                new DeleteLoginProfile(none), new RemoveUserFromGroups(none), new ArchiveFinding(none), new UpdateFinding(none),
                new BlockIp(none), new LogNotification(),
                new WebhookNotification(java.util.Optional.of(java.net.URI.create("https://hooks.example.com/x")), org.eclipse.microprofile.config.ConfigProvider.getConfig()));
    }

    private static Map<String, ActionCommand> examples() {
        String i = "i-0123456789abcdef0";
        Map<String, ActionCommand> m = new TreeMap<>();
        m.put("ec2:isolate-instance", ActionCommand.of("ec2:isolate-instance", i).with("reason", "tor"));
        m.put("ec2:stop-instance", ActionCommand.of("ec2:stop-instance", i).with("force", true));
        m.put("ec2:enable-termination-protection", ActionCommand.of("ec2:enable-termination-protection", i));
        m.put("ec2:require-imdsv2", ActionCommand.of("ec2:require-imdsv2", i));
        m.put("ec2:tag-resource", ActionCommand.of("ec2:tag-resource", i).with("tags", Map.of("riposte:status", "investigating")));
        m.put("ec2:make-snapshot-private", ActionCommand.of("ec2:make-snapshot-private", "snap-0a1b2c3d4e5f60001"));
        m.put("ec2:revoke-ingress", new ActionCommand("ec2:revoke-ingress", "sg-0a1b2c3d4e5f60001",
                Map.of("protocol", "tcp", "fromPort", 22, "toPort", 22, "cidr", "0.0.0.0/0")));
        m.put("ec2:revoke-open-ingress", ActionCommand.of("ec2:revoke-open-ingress", "sg-0a1b2c3d4e5f60001").with("ports", List.of(22, 3389)));
        m.put("ec2:snapshot-volumes", ActionCommand.of("ec2:snapshot-volumes", i));
        m.put("ec2:deny-ip-in-nacl", ActionCommand.of("ec2:deny-ip-in-nacl", "subnet-0a1b2c3d4e5f60001").with("ip", "203.0.113.9"));
        m.put("ec2:detach-from-autoscaling", ActionCommand.of("ec2:detach-from-autoscaling", i));
        m.put("iam:deactivate-access-key", ActionCommand.of("iam:deactivate-access-key", "AKIAIOSFODNN7EXAMPLE").with("userName", "alice"));
        m.put("iam:attach-deny-all-policy", ActionCommand.of("iam:attach-deny-all-policy", "arn:aws:iam::111122223333:user/alice"));
        m.put("iam:revoke-role-sessions", ActionCommand.of("iam:revoke-role-sessions", "arn:aws:iam::111122223333:role/app"));
        m.put("iam:delete-login-profile", ActionCommand.of("iam:delete-login-profile", "alice"));
        m.put("iam:remove-user-from-groups", ActionCommand.of("iam:remove-user-from-groups", "alice"));
        m.put("guardduty:archive-finding", ActionCommand.of("guardduty:archive-finding", "60baffd3f9042e38640f2300d5c5a631")
                .with("detectorId", "12abc34d567e8fa901bc2d34e56789f0"));
        m.put("securityhub:update-finding", ActionCommand.of("securityhub:update-finding", "arn:aws:securityhub:us-east-1:111122223333:"
                + "subscription/aws-foundational-security-best-practices/v/1.0.0/S3.2/finding/0a1b2c3d").with("status", "RESOLVED")
                .with("note", "fixed by Riposte").with("productArn", "arn:aws:securityhub:us-east-1::product/aws/securityhub"));
        m.put("wafv2:block-ip", ActionCommand.of("wafv2:block-ip", null).with("ipSetName", "riposte-blocklist")
                .with("ipSetId", "a1b2c3d4-5678-90ab-cdef-0123456789ab").with("ip", "198.51.100.23"));
        m.put("notify:log", ActionCommand.of("notify:log", null).with("message", "hello"));
        m.put("notify:webhook", ActionCommand.of("notify:webhook", null).with("message", "hello"));
        return m;
    }

    private final ActionCatalogue catalogue = new ActionCatalogue(HANDLERS);

    @Test
    void everyActionIsDescribedAndDeclaresWellFormedPermissions() {
        for (ActionSpec s : catalogue.specs()) {
            assertThat(s.description()).as(s.id()).isNotBlank();
            s.params().forEach(p -> assertThat(p.description()).as(s.id() + " " + p.name()).isNotBlank());
            assertThat(s.permissions()).as(s.id()).allMatch(p -> p.matches("[a-z0-9-]+:[A-Z][A-Za-z0-9]+"));
            if (s.mutating()) {
                assertThat(s.permissions()).as(s.id() + " mutates AWS, so it needs permissions").isNotEmpty();
            }
        }
    }

    @Test
    void everyParameterSchemaRejectsUnknownKeys() {
        for (ActionSpec s : catalogue.specs()) {
            assertThat(s.validate(Map.of("noSuchParameter", "x"))).as(s.id())
                    .anyMatch(p -> p.startsWith("unknown parameter 'noSuchParameter' for " + s.id()));
        }
    }

    @Test
    void everyActionHasAValidExampleWhosePlanNeedsOnlyDeclaredPermissions() {
        assertThat(EXAMPLES.keySet()).containsExactlyElementsOf(catalogue.specs().stream().map(ActionSpec::id).toList());
        for (ActionHandler h : HANDLERS) {
            ActionCommand example = EXAMPLES.get(h.spec().id());
            assertThat(catalogue.validate(example)).as(h.spec().id()).isEmpty();
            List<AwsRequest> plan = h.plan(new ActionContext(example,
                    TestEvents.event("us-east-1", null, List.of(), Map.of()), TestEvents.ACCOUNT, "us-east-1"));
            assertThat(plan).as(h.spec().id()).isNotEmpty();
            for (AwsRequest r : plan) {
                if (!r.service().equals("log") && !r.service().equals("webhook")) {
                    assertThat(h.spec().permissions()).as(h.spec().id() + " plans " + r.operation())
                            .contains(r.service() + ":" + r.operation());
                }
            }
        }
    }

    @Test
    void theActionIdNamesThePackageItLivesIn() {
        for (ActionHandler h : HANDLERS) {
            String pkg = h.getClass().getPackageName();
            String service = h.spec().id().substring(0, h.spec().id().indexOf(':'));
            assertThat(pkg).as(h.spec().id()).endsWith("." + service);
        }
    }

    @Test
    void actionsThatClaimAwsDryRunImplementIt() throws NoSuchMethodException {
        for (ActionHandler h : HANDLERS) {
            Class<?> declaring = h.getClass().getMethod("validateWithAws", ActionContext.class).getDeclaringClass();
            if (h.spec().awsDryRun()) {
                assertThat(declaring).as(h.spec().id()).isNotEqualTo(ActionHandler.class);
            } else {
                // AwsAction implements it for all, and must refuse before any call for APIs without DryRun
                assertThatThrownBy(() -> h.validateWithAws(null)).as(h.spec().id()).isInstanceOf(UnsupportedOperationException.class);
            }
        }
    }
}
