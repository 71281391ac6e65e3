package dev.riposte.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.command.ActionCommand;
import dev.riposte.command.PlaybookRun;
import dev.riposte.fact.ConfigCompliance;
import dev.riposte.fact.Events;
import dev.riposte.fact.Resource;
import dev.riposte.fact.SecurityEvent;
import dev.riposte.fact.SecurityHubFinding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The built-in AWS Config and Security Hub rules (rules/config/, rules/securityhub/) against normalizer-shaped facts. */
class ComplianceRulesTest extends BuiltInRulesFixture {
    static final String ACCOUNT = Events.ACCOUNT;
    private static int seq;

    static final List<String> CONFIG_RULES = List.of(
            "Config account-level S3 public access block missing: block account public access",
            "Config Lambda function publicly invocable: remove public permission",
            "Config RDS instance publicly accessible: notify",
            "Config public RDS or EBS snapshots: notify",
            "Config security group open to the world on SSH/RDP: revoke open ingress",
            "Config security group open to the world on a high-risk port: revoke open ingress",
            "Config security group open to the world on an unauthorized port: notify",
            "Config KMS key rotation disabled: enable key rotation",
            "Config instance allows IMDSv1: require IMDSv2",
            "Config EBS volume unencrypted: notify",
            "Config CloudTrail not enabled: notify");
    static final List<String> SECURITY_HUB_RULES = List.of(
            "Security Hub S3.1 account public access block missing: block account public access",
            "Security Hub Lambda.1 function publicly invocable: remove public permission",
            "Security Hub RDS.2 instance publicly accessible: disable public access",
            "Security Hub RDS.1 or EC2.1 public snapshots: notify",
            "Security Hub security group open to the world on SSH/RDP: revoke open ingress",
            "Security Hub EC2.19 security group open to the world on a high-risk port: revoke open ingress",
            "Security Hub EC2.18 security group open to the world on an unauthorized port: notify",
            "Security Hub KMS.4 key rotation disabled: enable key rotation",
            "Security Hub EC2.8 instance allows IMDSv1: require IMDSv2",
            "Security Hub EC2.3 or EC2.7 EBS encryption missing: notify",
            "Security Hub CloudTrail.1 trail not enabled: notify");

    /** What one event made the rules emit: "action target" (or "playbook:id target"), and the shadow ones. */
    private record Out(List<String> commands, List<String> shadow) {}

    private Object lastCommand;

    private Out eval(SecurityEvent e, Object related) {
        Evaluation ev = session.evaluate(e, List.of(related));
        lastCommand = ev.firings().isEmpty()
                ? null
                : ev.firings().get(ev.firings().size() - 1).command();
        List<String> commands = new ArrayList<>();
        List<String> shadow = new ArrayList<>();
        for (Firing f : ev.firings()) {
            String c = f.command() instanceof ActionCommand a
                    ? a.action() + " " + a.target()
                    : "playbook:" + ((PlaybookRun) f.command()).playbook() + " " + ((PlaybookRun) f.command()).target();
            commands.add(c);
            if ("shadow".equals(f.mode())) {
                shadow.add(c);
            }
        }
        return new Out(commands, shadow);
    }

    private Out config(String rule, String type, String id, String compliance) {
        SecurityEvent e = Events.event("config", rule)
                .id("cfg-" + (++seq))
                .account(ACCOUNT)
                .resources(new Resource(type, id, null, ACCOUNT, "us-east-1", Map.of()))
                .build();
        return eval(e, new ConfigCompliance(e.id(), rule, type, id, compliance, "COMPLIANT", null));
    }

    private Out finding(String control, String type, String id, String status, String workflow, String record) {
        SecurityEvent e = Events.event("securityhub", control)
                .id("sh-" + (++seq))
                .account(ACCOUNT)
                .severity(7.0)
                .resources(new Resource(
                        type, id, null, "AWS::::Account".equals(type) ? null : ACCOUNT, "us-east-1", Map.of()))
                .build();
        return eval(
                e,
                new SecurityHubFinding(
                        e.id(),
                        "Security Hub",
                        "AWS",
                        "security-control/" + control,
                        control,
                        List.of("Software and Configuration Checks/Industry and Regulatory "
                                + "Standards/AWS-Foundational-Security-Best-Practices"),
                        "title of " + control,
                        "HIGH",
                        status,
                        workflow,
                        record));
    }

    private Out failed(String control, String type, String id) {
        return finding(control, type, id, "FAILED", "NEW", "ACTIVE");
    }

    @Test
    void everyComplianceRuleIsBuiltInAndDescribed() {
        assertThat(rules.ruleNames())
                .filteredOn(n -> n.startsWith("Config ") && !n.endsWith(" playbook"))
                .containsExactlyInAnyOrderElementsOf(CONFIG_RULES);
        assertThat(rules.ruleNames())
                .filteredOn(n -> n.startsWith("Security Hub ") && !n.endsWith(" playbook"))
                .containsExactlyInAnyOrderElementsOf(SECURITY_HUB_RULES);
    }

    @Test
    void managedRulesMatchUnderEveryNameAwsDeploysThemWith() {
        for (String name : List.of(
                "restricted-ssh",
                "securityhub-restricted-ssh-8f7e6d5c",
                "OrgConfigRule-restricted-ssh-dbgzf8ba",
                "restricted-ssh-conformance-pack-lfqzxh6ye",
                "RESTRICTED-SSH")) {
            assertThat(new ConfigCompliance("e", name, null, null, "NON_COMPLIANT", null, null)
                            .managedRule("restricted-ssh"))
                    .as(name)
                    .isTrue();
        }
        for (String name :
                List.of("team-restricted-ssh-audit", "restricted-sshd", "restricted-ssh-", "securityhub-", "")) {
            assertThat(new ConfigCompliance("e", name, null, null, "NON_COMPLIANT", null, null)
                            .managedRule("restricted-ssh"))
                    .as(name)
                    .isFalse();
        }
        assertThat(new ConfigCompliance("e", "multi-region-cloudtrail-enabled", null, null, null, null, null)
                        .managedRule("cloudtrail-enabled"))
                .as("a managed rule whose name ends in another's")
                .isFalse();
        assertThat(new ConfigCompliance("e", null, null, null, null, null, null).managedRule("cloudtrail-enabled"))
                .isFalse();
    }

    @Test
    void nonCompliantConfigEvaluationsGetTheirResponse() {
        assertThat(config(
                                "securityhub-s3-bucket-public-read-prohibited-5c1e9a2b",
                                "AWS::S3::Bucket",
                                "example-assets",
                                "NON_COMPLIANT")
                        .commands())
                .containsExactly("playbook:public-s3-bucket example-assets");
        assertThat(config("s3-bucket-public-write-prohibited", "AWS::S3::Bucket", "example-assets", "NON_COMPLIANT")
                        .commands())
                .containsExactly("playbook:public-s3-bucket example-assets");
        assertThat(config(
                                "s3-bucket-level-public-access-prohibited",
                                "AWS::S3::Bucket",
                                "example-assets",
                                "NON_COMPLIANT")
                        .commands())
                .containsExactly("playbook:public-s3-bucket example-assets");
        assertThat(config(
                        "cmk-backing-key-rotation-enabled",
                        "AWS::KMS::Key",
                        "1234abcd-12ab-34cd-56ef-1234567890ab",
                        "NON_COMPLIANT"))
                .isEqualTo(new Out(List.of("kms:enable-key-rotation 1234abcd-12ab-34cd-56ef-1234567890ab"), List.of()));
        Out ssh = config("restricted-rdp", "AWS::EC2::SecurityGroup", "sg-0123456789abcdef0", "NON_COMPLIANT");
        assertThat(ssh.shadow()).containsExactly("ec2:revoke-open-ingress sg-0123456789abcdef0");
        assertThat(config("ec2-imdsv2-check", "AWS::EC2::Instance", "i-0a1b2c3d4e5f67890", "NON_COMPLIANT")
                        .shadow())
                .containsExactly("ec2:require-imdsv2 i-0a1b2c3d4e5f67890");
        assertThat(config("s3-account-level-public-access-blocks", "AWS::::Account", ACCOUNT, "NON_COMPLIANT")
                        .shadow())
                .containsExactly("s3:block-account-public-access " + ACCOUNT);
        assertThat(config(
                                "lambda-function-public-access-prohibited",
                                "AWS::Lambda::Function",
                                "invoice-webhook",
                                "NON_COMPLIANT")
                        .shadow())
                .containsExactly("lambda:remove-public-permission invoice-webhook");
        // Config names an RDS instance by its DbiResourceId, which ModifyDBInstance does not take: notify only
        assertThat(config(
                                "rds-instance-public-access-check",
                                "AWS::RDS::DBInstance",
                                "db-ABCDEFGHIJKLMNOPQRSTUV1234",
                                "NON_COMPLIANT")
                        .commands())
                .containsExactly("notify:log db-ABCDEFGHIJKLMNOPQRSTUV1234");
        assertThat(config("cloudtrail-enabled", "AWS::::Account", ACCOUNT, "NON_COMPLIANT")
                        .commands())
                .containsExactly("notify:log " + ACCOUNT);
    }

    @Test
    void compliantNotApplicableAndUnknownRulesAreLeftAlone() {
        for (String c : List.of("COMPLIANT", "NOT_APPLICABLE", "INSUFFICIENT_DATA")) {
            assertThat(config("restricted-ssh", "AWS::EC2::SecurityGroup", "sg-0123456789abcdef0", c)
                            .commands())
                    .as(c)
                    .isEmpty();
            assertThat(config("s3-bucket-public-read-prohibited", "AWS::S3::Bucket", "example-assets", c)
                            .commands())
                    .as(c)
                    .isEmpty();
        }
        assertThat(config(
                                "team-restricted-ssh-audit",
                                "AWS::EC2::SecurityGroup",
                                "sg-0123456789abcdef0",
                                "NON_COMPLIANT")
                        .commands())
                .isEmpty();
        assertThat(config("iam-user-mfa-enabled", "AWS::IAM::User", "AIDAEXAMPLEUSERID0042", "NON_COMPLIANT")
                        .commands())
                .isEmpty();
        // the right rule on a resource of another type gives no command with a target the action would refuse
        assertThat(config("restricted-ssh", "AWS::EC2::Instance", "i-0a1b2c3d4e5f67890", "NON_COMPLIANT")
                        .commands())
                .isEmpty();
    }

    @Test
    void failedActiveSecurityHubFindingsGetTheirResponse() {
        assertThat(failed("S3.8", "AWS::S3::Bucket", "example-assets").commands())
                .containsExactly("playbook:public-s3-bucket example-assets");
        assertThat(failed("S3.3", "AWS::S3::Bucket", "example-assets").commands())
                .containsExactly("playbook:public-s3-bucket example-assets");
        assertThat(failed("KMS.4", "AWS::KMS::Key", "1234abcd-12ab-34cd-56ef-1234567890ab"))
                .isEqualTo(new Out(List.of("kms:enable-key-rotation 1234abcd-12ab-34cd-56ef-1234567890ab"), List.of()));
        for (String control : List.of("EC2.13", "EC2.14", "EC2.53", "EC2.54", "EC2.19")) {
            assertThat(failed(control, "AWS::EC2::SecurityGroup", "sg-0123456789abcdef0")
                            .shadow())
                    .as(control)
                    .containsExactly("ec2:revoke-open-ingress sg-0123456789abcdef0");
        }
        assertThat(failed("RDS.2", "AWS::RDS::DBInstance", "orders-db").shadow())
                .containsExactly("rds:disable-public-access orders-db");
        assertThat(failed("EC2.8", "AWS::EC2::Instance", "i-0a1b2c3d4e5f67890").shadow())
                .containsExactly("ec2:require-imdsv2 i-0a1b2c3d4e5f67890");
        assertThat(failed("S3.1", "AWS::::Account", ACCOUNT).shadow())
                .containsExactly("s3:block-account-public-access " + ACCOUNT);
        assertThat(failed("EC2.7", "AWS::::Account", ACCOUNT).commands()).containsExactly("notify:log " + ACCOUNT);
        assertThat(finding("CloudTrail.1", "AWS::::Account", ACCOUNT, "FAILED", null, "ACTIVE")
                        .commands())
                .as("no workflow status (older findings)")
                .containsExactly("notify:log " + ACCOUNT);
        assertThat(finding("S3.2", "AWS::S3::Bucket", "example-assets", "FAILED", "NOTIFIED", "ACTIVE")
                        .commands())
                .containsExactly("playbook:public-s3-bucket example-assets");
    }

    @Test
    void configAndSecurityHubAskForTheSameCommandAboutOneResource() {
        record Pair(String configRule, String control, String type, String id) {}
        for (Pair p : List.of(
                new Pair(
                        "securityhub-restricted-ssh-8f7e6d5c",
                        "EC2.13",
                        "AWS::EC2::SecurityGroup",
                        "sg-0123456789abcdef0"),
                new Pair("restricted-rdp", "EC2.14", "AWS::EC2::SecurityGroup", "sg-0123456789abcdef0"),
                new Pair(
                        "securityhub-vpc-sg-restricted-common-ports-29874e97",
                        "EC2.19",
                        "AWS::EC2::SecurityGroup",
                        "sg-0123456789abcdef0"),
                new Pair(
                        "cmk-backing-key-rotation-enabled",
                        "KMS.4",
                        "AWS::KMS::Key",
                        "1234abcd-12ab-34cd-56ef-1234567890ab"),
                new Pair("ec2-imdsv2-check", "EC2.8", "AWS::EC2::Instance", "i-0a1b2c3d4e5f67890"),
                new Pair(
                        "lambda-function-public-access-prohibited",
                        "Lambda.1",
                        "AWS::Lambda::Function",
                        "invoice-webhook"),
                new Pair("s3-account-level-public-access-blocks-periodic", "S3.1", "AWS::::Account", ACCOUNT),
                new Pair("s3-bucket-public-read-prohibited", "S3.2", "AWS::S3::Bucket", "example-assets"))) {
            config(p.configRule(), p.type(), p.id(), "NON_COMPLIANT");
            Object fromConfig = lastCommand;
            failed(p.control(), p.type(), p.id());
            assertThat(fromConfig).as(p.toString()).isNotNull().isEqualTo(lastCommand);
        }
    }

    @Test
    void passedArchivedSuppressedResolvedAndOtherControlsAreLeftAlone() {
        assertThat(finding("S3.8", "AWS::S3::Bucket", "example-assets", "PASSED", "RESOLVED", "ACTIVE")
                        .commands())
                .isEmpty();
        assertThat(finding("S3.8", "AWS::S3::Bucket", "example-assets", "WARNING", "NEW", "ACTIVE")
                        .commands())
                .isEmpty();
        assertThat(finding("S3.8", "AWS::S3::Bucket", "example-assets", "FAILED", "SUPPRESSED", "ACTIVE")
                        .commands())
                .isEmpty();
        assertThat(finding(
                                "KMS.4",
                                "AWS::KMS::Key",
                                "1234abcd-12ab-34cd-56ef-1234567890ab",
                                "FAILED",
                                "RESOLVED",
                                "ACTIVE")
                        .commands())
                .isEmpty();
        assertThat(finding("EC2.13", "AWS::EC2::SecurityGroup", "sg-0123456789abcdef0", "FAILED", "NEW", "ARCHIVED")
                        .commands())
                .isEmpty();
        assertThat(failed("S3.5", "AWS::S3::Bucket", "example-assets").commands())
                .isEmpty();
        assertThat(failed("CloudTrail.2", "AWS::CloudTrail::Trail", "management-events")
                        .commands())
                .isEmpty();
        assertThat(failed("IAM.6", "AWS::::Account", ACCOUNT).commands()).isEmpty();
        // the control on a resource of another type (a Security Hub finding about a bucket named in EC2.13) gives
        // nothing
        assertThat(failed("EC2.13", "AWS::S3::Bucket", "example-assets").commands())
                .isEmpty();
    }
}
