package dev.riposte.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.command.ActionCommand;
import dev.riposte.fact.Events;
import dev.riposte.fact.IngressPermission;
import dev.riposte.fact.RelatedFindings;
import dev.riposte.fact.Resource;
import dev.riposte.fact.SecurityEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The shipped rules against facts shaped like the normalizer's output for the samples/ cases. */
class BuiltInRulesTest extends BuiltInRulesFixture {

    static final String EC2 = "GuardDuty EC2 compromise: isolate instance";
    static final String KEY = "GuardDuty IAM credential exfiltration: deactivate access key";
    static final String SG = "CloudTrail security group open to the world on SSH/RDP: revoke";
    static final String TRAIL = "CloudTrail logging stopped or trail deleted: notify";
    static final String ROOT = "Root account console login: notify";
    static final String BRUTE = "Console login success after repeated failures: notify";
    static final String PROD = "Production instance compromise: ask for approval instead of isolating";
    static final String BREAK_GLASS = "Break-glass principal involved: notify only";
    static final String ADMIN = "Admin principal with compromised key: escalate";
    static final String NEW_IP = "Access key used from a new source IP: escalate";
    static final String REPEAT = "Repeat offender: escalate a medium finding";
    static final String S3_POLICY = "S3 bucket policy made public: remove public statements";
    static final String TRAIL_STOPPED = "CloudTrail logging stopped and not restarted within 10 minutes: start logging";
    static final String SNAPSHOT = "CloudTrail EBS snapshot made public: make it private";

    private Evaluation eval(SecurityEvent e, Object... related) {
        return session.evaluate(e, List.of(related));
    }

    private static ActionCommand command(Evaluation ev) {
        assertThat(ev.firings()).hasSize(1);
        return (ActionCommand) ev.firings().get(0).command();
    }

    @Test
    void everyBuiltInRuleHasADescription() {
        // the rules that start playbooks (rules/playbooks/) are tested with their playbooks (BuiltInSamplesTest), the
        // Config and Security Hub rules in ComplianceRulesTest
        assertThat(rules.ruleNames())
                .filteredOn(n -> !n.endsWith(" playbook") && !n.startsWith("Config ") && !n.startsWith("Security Hub "))
                .containsExactlyInAnyOrder(
                        EC2,
                        KEY,
                        SG,
                        SNAPSHOT,
                        TRAIL,
                        TRAIL_STOPPED,
                        ROOT,
                        BRUTE,
                        PROD,
                        BREAK_GLASS,
                        ADMIN,
                        NEW_IP,
                        REPEAT,
                        S3_POLICY);
        for (RuleFile f : RuleSources.builtIn()) {
            long rulesInFile =
                    f.content().lines().filter(l -> l.startsWith("rule ")).count();
            long described = f.content()
                    .lines()
                    .filter(l -> l.strip().startsWith("@description(\""))
                    .count();
            assertThat(described).as(f.path()).isEqualTo(rulesInFile).isPositive();
        }
    }

    private static SecurityEvent putBucketPolicy(Object policy) {
        return Events.cloudTrail("PutBucketPolicy")
                .id("ct-policy-" + policy.hashCode())
                .principal(Events.iamUser("alice", "198.51.100.7"))
                .outcome("success")
                .detail(Map.of("requestParameters", Map.of("bucketName", "b1", "bucketPolicy", policy)))
                .build();
    }

    @Test
    void aBucketPolicyMadePublicLosesItsPublicStatementsInShadow() {
        Evaluation ev = eval(putBucketPolicy(Map.of(
                "Statement",
                List.of(
                        Map.of(
                                "Sid",
                                "Mine",
                                "Effect",
                                "Allow",
                                "Principal",
                                Map.of("AWS", "arn:aws:iam::111122223333:root")),
                        Map.of(
                                "Sid",
                                "World",
                                "Effect",
                                "Allow",
                                "Principal",
                                Map.of("AWS", "*"),
                                "Action",
                                "s3:GetObject")))));
        assertThat(ev.rulesFired()).containsExactly(S3_POLICY);
        assertThat(ev.firings().get(0).mode()).isEqualTo("shadow");
        ActionCommand c = command(ev);
        assertThat(c.action()).isEqualTo("s3:remove-public-policy-statements");
        assertThat(c.target()).isEqualTo("b1");
        assertThat(c.params().get("reason").toString()).contains("[World]");

        assertThat(eval(putBucketPolicy(Map.of(
                                "Statement",
                                Map.of(
                                        "Effect",
                                        "Allow",
                                        "Principal",
                                        "*",
                                        "Condition",
                                        Map.of("IpAddress", Map.of("aws:SourceIp", "198.51.100.0/24"))))))
                        .matched())
                .as("narrowed to an address range")
                .isFalse();
    }

    @Test
    void aMediumFindingAboutARepeatOffenderIsEscalatedNamingTheEarlierFindings() {
        SecurityEvent e = Events.finding("Trojan:EC2/DriveBySourceTraffic!DNS", 5, Events.instance("i-0abc"));
        Function<List<RelatedFindings.Finding>, RelatedFindings> related =
                list -> new RelatedFindings(e.id(), "instance/i-0abc", list, true);
        RelatedFindings.Finding own = new RelatedFindings.Finding("guardduty", e.id(), e.type(), 5, "this one", null);
        RelatedFindings.Finding backdoor =
                new RelatedFindings.Finding("guardduty", "gd-1", "Backdoor:EC2/C&CActivity.B!DNS", 8, "c2", null);
        RelatedFindings.Finding probe = new RelatedFindings.Finding(
                "guardduty", "gd-2", "Recon:EC2/PortProbeUnprotectedPort", 2, "probe", null);

        Evaluation ev = eval(e, related.apply(List.of(backdoor, own, probe)));
        assertThat(ev.rulesFired()).containsExactly(REPEAT);
        ActionCommand c = command(ev);
        assertThat(c.action()).isEqualTo("notify:log");
        assertThat(c.target()).isEqualTo("instance/i-0abc");
        assertThat(c.params()).containsEntry("level", "error");
        assertThat((String) c.params().get("message"))
                .contains(
                        "instance/i-0abc has 1 other severe finding(s) (highest 8.0: Backdoor:EC2/C&CActivity.B!DNS)",
                        "now GuardDuty Trojan:EC2/DriveBySourceTraffic!DNS (severity 5.0)");

        // its own finding and low ones do not count; a high finding is left to the remediation rules
        SecurityEvent quiet = Events.finding("Trojan:EC2/DriveBySourceTraffic!DNS", 5, Events.instance("i-0abd"));
        RelatedFindings.Finding quietOwn =
                new RelatedFindings.Finding("guardduty", quiet.id(), quiet.type(), 9, "itself", null);
        assertThat(eval(quiet, new RelatedFindings(quiet.id(), "instance/i-0abd", List.of(quietOwn, probe), true))
                        .rulesFired())
                .doesNotContain(REPEAT);
        SecurityEvent high = Events.finding("Recon:EC2/PortProbeUnprotectedPort", 8, Events.instance("i-0abe"));
        assertThat(eval(high, new RelatedFindings(high.id(), "instance/i-0abe", List.of(backdoor), true))
                        .rulesFired())
                .doesNotContain(REPEAT);
    }

    @Test
    void ec2CompromiseIsolatesTheInstance() {
        for (String type : List.of(
                "Backdoor:EC2/C&CActivity.B!DNS",
                "CryptoCurrency:EC2/BitcoinTool.B!DNS",
                "Trojan:EC2/BlackholeTraffic",
                "UnauthorizedAccess:EC2/TorClient")) {
            Evaluation ev = eval(Events.finding(type, 8, Events.instance("i-0123456789abcdef0")));
            assertThat(ev.rulesFired()).as(type).containsExactly(EC2);
            ActionCommand c = command(ev);
            assertThat(c.action()).isEqualTo("ec2:isolate-instance");
            assertThat(c.target()).isEqualTo("i-0123456789abcdef0");
        }
    }

    @Test
    void ec2CompromiseIgnoresLowSeverityAndOtherFindingTypes() {
        assertThat(eval(Events.finding("Backdoor:EC2/C&CActivity.B!DNS", 5, Events.instance("i-1")))
                        .matched())
                .isFalse();
        assertThat(eval(Events.finding("Recon:EC2/PortProbeUnprotectedPort", 8, Events.instance("i-1")))
                        .matched())
                .isFalse();
        assertThat(eval(Events.finding("UnauthorizedAccess:EC2/TorRelay", 8, Events.instance("i-1")))
                        .matched())
                .isFalse();
    }

    @Test
    void ec2CompromiseStaysCorrectAfterConstraintJit() {
        // Drools JIT-compiles a constraint after ~20 evaluations; the str[...] operators crashed there
        for (int i = 0; i < 60; i++) {
            assertThat(eval(Events.finding("Trojan:EC2/DropPoint", 8, Events.instance("i-" + i)))
                            .rulesFired())
                    .containsExactly(EC2);
        }
    }

    @Test
    void credentialExfiltrationDeactivatesTheKey() {
        for (String type : List.of(
                "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS",
                "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.InsideAWS",
                "CredentialAccess:IAMUser/AnomalousBehavior")) {
            Evaluation ev = eval(Events.keyFinding(type, 8, "AKIAIOSFODNN7EXAMPLE", "deploy-bot"));
            assertThat(ev.rulesFired()).as(type).containsExactly(KEY);
            assertThat(command(ev))
                    .isEqualTo(ActionCommand.of("iam:deactivate-access-key", "AKIAIOSFODNN7EXAMPLE")
                            .with("userName", "deploy-bot"));
        }
    }

    @Test
    void credentialExfiltrationIgnoresOtherIamFindingsAndSessionCredentials() {
        assertThat(eval(Events.keyFinding("Recon:IAMUser/MaliciousIPCaller.Custom", 8, "AKIAIOSFODNN7EXAMPLE", "bob"))
                        .matched())
                .isFalse();
        // instance-role session credentials cannot be deactivated with iam:UpdateAccessKey
        assertThat(eval(Events.keyFinding(
                                "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS",
                                8,
                                "ASIAEXAMPLESESSION01",
                                "web-server-role"))
                        .matched())
                .isFalse();
    }

    @Test
    void worldOpenSshOrRdpIsRevoked() {
        SecurityEvent e = Events.call(
                "AuthorizeSecurityGroupIngress",
                "success",
                Events.T0,
                Events.iamUser("alice", "203.0.113.5"),
                Events.resource("AWS::EC2::SecurityGroup", "sg-0123456789abcdef0"));
        IngressPermission ssh = Events.ingress(e, "sg-0123456789abcdef0", "tcp", 22, 22, "0.0.0.0/0");
        IngressPermission https = Events.ingress(e, "sg-0123456789abcdef0", "tcp", 443, 443, "0.0.0.0/0");
        Evaluation ev = eval(e, ssh, https);
        assertThat(ev.rulesFired()).containsExactly(SG);
        assertThat(command(ev))
                .isEqualTo(ActionCommand.of("ec2:revoke-ingress", "sg-0123456789abcdef0")
                        .with("protocol", "tcp")
                        .with("fromPort", 22)
                        .with("toPort", 22)
                        .with("cidr", "0.0.0.0/0"));

        SecurityEvent e2 = Events.call("AuthorizeSecurityGroupIngress", "success", Events.T0, null);
        Evaluation rdpRange = eval(e2, Events.ingress(e2, "sg-1", "tcp", 3000, 4000, "::/0"));
        assertThat(command(rdpRange).params()).containsEntry("cidr", "::/0").containsEntry("fromPort", 3000);
    }

    @Test
    void httpsToTheWorldOrSshToAPrivateRangeIsLeftAlone() {
        SecurityEvent e = Events.call("AuthorizeSecurityGroupIngress", "success", Events.T0, null);
        assertThat(eval(
                                e,
                                Events.ingress(e, "sg-1", "tcp", 443, 443, "0.0.0.0/0"),
                                Events.ingress(e, "sg-1", "tcp", 22, 22, "10.0.0.0/8"))
                        .matched())
                .isFalse();
        SecurityEvent failed = Events.call("AuthorizeSecurityGroupIngress", "failure", Events.T0, null);
        assertThat(eval(failed, Events.ingress(failed, "sg-1", "tcp", 22, 22, "0.0.0.0/0"))
                        .matched())
                .isFalse();
    }

    /** ModifySnapshotAttribute as CloudTrail records it: the createVolumePermission items added or removed. */
    private static SecurityEvent snapshotAttribute(
            String outcome, String addOrRemove, List<Map<String, Object>> items) {
        Map<String, Object> detail = Map.of(
                "requestParameters",
                Map.of(
                        "snapshotId",
                        "snap-0a1b2c3d4e5f67890",
                        "attributeType",
                        "CREATE_VOLUME_PERMISSION",
                        "createVolumePermission",
                        Map.of(addOrRemove, Map.of("items", items))));
        return Events.cloudTrail("ModifySnapshotAttribute")
                .id("ct-snap-" + items.hashCode() + addOrRemove + outcome)
                .principal(Events.iamUser("alice", "192.0.2.44"))
                .resources(Events.resource("AWS::EC2::Snapshot", "snap-0a1b2c3d4e5f67890"))
                .outcome(outcome)
                .detail(detail)
                .build();
    }

    @Test
    void aSnapshotSharedWithEveryoneIsMadePrivate() {
        // Drools JIT-compiles a constraint after ~20 evaluations: the map access must stay right after it
        for (int i = 0; i < 30; i++) {
            Evaluation ev = eval(snapshotAttribute(
                    "success", "add", List.of(Map.of("userId", "111122223333"), Map.of("group", "all"))));
            assertThat(ev.rulesFired()).containsExactly(SNAPSHOT);
            assertThat(command(ev))
                    .isEqualTo(ActionCommand.of("ec2:make-snapshot-private", "snap-0a1b2c3d4e5f67890")
                            .with(
                                    "reason",
                                    "Riposte: EBS snapshot made public by arn:aws:iam::111122223333:user/alice"));
            session.close();
            session = rules.newSession(true);
        }
    }

    @Test
    void aSnapshotSharedWithOneAccountMadePrivateOrAFailedCallIsLeftAlone() {
        assertThat(eval(snapshotAttribute("success", "add", List.of(Map.of("userId", "111122223333"))))
                        .matched())
                .isFalse();
        assertThat(eval(snapshotAttribute("success", "remove", List.of(Map.of("group", "all"))))
                        .matched())
                .isFalse();
        assertThat(eval(snapshotAttribute("failure", "add", List.of(Map.of("group", "all"))))
                        .matched())
                .isFalse();
    }

    @Test
    void permissionsOfAnotherEventDoNotMatch() {
        SecurityEvent e = Events.call("AuthorizeSecurityGroupIngress", "success", Events.T0, null);
        IngressPermission foreign = new IngressPermission("some-other-event", "sg-1", "tcp", 22, 22, "0.0.0.0/0");
        assertThat(eval(e, foreign).matched()).isFalse();
    }

    @Test
    void stopLoggingAndDeleteTrailNotify() {
        for (String name : List.of("StopLogging", "DeleteTrail")) {
            Resource trail = Events.resource("AWS::CloudTrail::Trail", "management-events");
            Evaluation ev =
                    eval(Events.call(name, "success", Events.T0, Events.iamUser("mallory", "203.0.113.66"), trail));
            assertThat(ev.rulesFired()).containsExactly(TRAIL);
            ActionCommand c = command(ev);
            assertThat(c.action()).isEqualTo("notify:log");
            assertThat(c.target()).isEqualTo("management-events");
            assertThat((String) c.params().get("message")).contains(name).contains("user/mallory");
        }
    }

    /** A StopLogging/StartLogging as the normalizer gives it: the trail is in {@code requestParameters.name}. */
    private static SecurityEvent trailCall(String name, Instant t, String trail) {
        return Events.cloudTrail(name)
                .id("ct-" + name + "-" + t.getEpochSecond())
                .at(t)
                .principal(Events.iamUser("mallory", "203.0.113.66"))
                .resources(Events.resource("AWS::CloudTrail::Trail", trail))
                .outcome("success")
                .detail(Map.of("requestParameters", Map.of("name", trail)))
                .build();
    }

    @Test
    void loggingStoppedAndNotStartedAgainWithinTenMinutesIsStartedAgain() {
        SecurityEvent stop = trailCall("StopLogging", Events.T0, "management-events");
        assertThat(eval(stop).rulesFired()).as("the 10 minutes are not over").containsExactly(TRAIL);
        assertThat(eval(trailCall("StartLogging", Events.T0.plusSeconds(120), "other-trail"))
                        .matched())
                .as("another trail started")
                .isFalse();
        Evaluation later = eval(Events.call("DescribeTrails", "success", Events.T0.plusSeconds(660), null));
        assertThat(later.rulesFired()).containsExactly(TRAIL_STOPPED);
        Firing f = later.firings().get(0);
        assertThat(f.about()).as("the decision is about the StopLogging").isSameAs(stop);
        ActionCommand c = (ActionCommand) f.command();
        assertThat(c.action()).isEqualTo("cloudtrail:start-logging");
        assertThat(c.target()).isEqualTo("management-events");
        assertThat((String) c.params().get("reason")).contains("user/mallory").contains("10 minutes");
        assertThat(eval(Events.call("DescribeTrails", "success", Events.T0.plusSeconds(900), null))
                        .matched())
                .as("once")
                .isFalse();
    }

    @Test
    void loggingStartedAgainWithinTenMinutesIsLeftAlone() {
        eval(trailCall("StopLogging", Events.T0, "management-events"));
        assertThat(eval(trailCall("StartLogging", Events.T0.plusSeconds(240), "management-events"))
                        .matched())
                .isFalse();
        assertThat(eval(Events.call("DescribeTrails", "success", Events.T0.plusSeconds(660), null))
                        .matched())
                .isFalse();
    }

    @Test
    void failedStopLoggingOrStartLoggingDoNotNotify() {
        Resource trail = Events.resource("AWS::CloudTrail::Trail", "management-events");
        assertThat(eval(Events.call("StopLogging", "failure", Events.T0, null, trail))
                        .matched())
                .isFalse();
        assertThat(eval(Events.call("StartLogging", "success", Events.T0, null, trail))
                        .matched())
                .isFalse();
    }

    @Test
    void rootConsoleLoginNotifies() {
        Evaluation ev = eval(Events.call("ConsoleLogin", "success", Events.T0, Events.root("198.51.100.23")));
        assertThat(ev.rulesFired()).containsExactly(ROOT);
        assertThat(command(ev).target()).isEqualTo("arn:aws:iam::111122223333:root");
        assertThat((String) command(ev).params().get("message")).contains("198.51.100.23");
    }

    @Test
    void iamUserOrFailedRootLoginDoesNotNotify() {
        assertThat(eval(Events.consoleLogin("success", Events.T0, "198.51.100.23"))
                        .matched())
                .isFalse();
        assertThat(eval(Events.call("ConsoleLogin", "failure", Events.T0, Events.root("198.51.100.23")))
                        .matched())
                .isFalse();
    }

    // --- correlation, driven by the pseudo clock (event time) ---

    private void failures(int n, Instant start, Duration step, String ip) {
        for (int i = 0; i < n; i++) {
            assertThat(eval(Events.consoleLogin("failure", start.plus(step.multipliedBy(i)), ip))
                            .matched())
                    .isFalse();
        }
    }

    @Test
    void fiveFailuresThenSuccessFromTheSameIpNotifies() {
        failures(5, Events.T0, Duration.ofMinutes(1), "203.0.113.50");
        Evaluation ev = eval(Events.consoleLogin("success", Events.T0.plus(Duration.ofMinutes(6)), "203.0.113.50"));
        assertThat(ev.rulesFired()).containsExactly(BRUTE);
        assertThat(command(ev).action()).isEqualTo("notify:log");
        assertThat((String) command(ev).params().get("message"))
                .contains("203.0.113.50")
                .contains("5 failed");
        assertThat(session.clockMillis())
                .isEqualTo(Events.T0.plus(Duration.ofMinutes(6)).toEpochMilli());
    }

    @Test
    void fourFailuresThenSuccessDoesNotNotify() {
        failures(4, Events.T0, Duration.ofMinutes(1), "203.0.113.50");
        assertThat(eval(Events.consoleLogin("success", Events.T0.plus(Duration.ofMinutes(5)), "203.0.113.50"))
                        .matched())
                .isFalse();
    }

    @Test
    void failuresFromOtherIpsDoNotCount() {
        failures(3, Events.T0, Duration.ofSeconds(30), "203.0.113.50");
        failures(3, Events.T0, Duration.ofSeconds(30), "203.0.113.51");
        assertThat(eval(Events.consoleLogin("success", Events.T0.plus(Duration.ofMinutes(3)), "203.0.113.50"))
                        .matched())
                .isFalse();
    }

    @Test
    void failuresOlderThanTenMinutesFallOutOfTheWindow() {
        failures(5, Events.T0, Duration.ofMinutes(1), "203.0.113.50");
        // 11 minutes after the first failure: only 4 failures lie within the 10 minutes before the success
        assertThat(eval(Events.consoleLogin("success", Events.T0.plus(Duration.ofMinutes(11)), "203.0.113.50"))
                        .matched())
                .isFalse();
        // two fresh failures bring the count in the window [2m, 12m] of the next success to 5
        failures(2, Events.T0.plus(Duration.ofSeconds(690)), Duration.ofSeconds(1), "203.0.113.50");
        assertThat(eval(Events.consoleLogin("success", Events.T0.plus(Duration.ofMinutes(12)), "203.0.113.50"))
                        .rulesFired())
                .containsExactly(BRUTE);
    }

    @Test
    void theCorrelationFiresOnceAndNotAgainWhenCountedFailuresExpire() {
        failures(6, Events.T0, Duration.ofMinutes(1), "203.0.113.50");
        assertThat(eval(Events.consoleLogin("success", Events.T0.plus(Duration.ofMinutes(6)), "203.0.113.50"))
                        .rulesFired())
                .containsExactly(BRUTE);
        // the expiry here is 1 h: the counted failures expire one by one while the success is still held
        for (int m = 7; m < 150; m++) {
            Evaluation later = eval(Events.call("GetObject", "success", Events.T0.plus(Duration.ofMinutes(m)), null));
            assertThat(later.matched()).as("minute " + m).isFalse();
        }
    }

    @Test
    void aRedeliveredEventIsEvaluatedAgain() {
        SecurityEvent first = Events.finding("Trojan:EC2/DropPoint", 8, Events.instance("i-1"));
        SecurityEvent again = Events.event(first.source(), first.type())
                .id(first.id())
                .at(first.time())
                .account(first.account())
                .region(first.region())
                .severity(first.severity())
                .principal(first.principal())
                .resources(first.resources())
                .outcome(first.outcome())
                .detail(first.detail())
                .build();
        assertThat(eval(first).rulesFired()).containsExactly(EC2);
        assertThat(eval(again).rulesFired())
                .as("the dispatcher, not the engine, deduplicates commands")
                .containsExactly(EC2);
    }

    @Test
    void anEventOlderThanTheExpiryStillFiresItsRulesThenLeaves() {
        eval(Events.consoleLogin("failure", Events.T0.plus(Duration.ofHours(5)), "203.0.113.50"));
        assertThat(eval(Events.finding("Trojan:EC2/DropPoint", 8, Events.instance("i-1")))
                        .rulesFired())
                .containsExactly(EC2);
        assertThat(session.factCount())
                .as("the late event expired at once; the newer one stays")
                .isEqualTo(1);
        try (RuleSession wallClock = rules.newSession(false)) { // serve: event time (2024) is long before now
            assertThat(wallClock
                            .evaluate(Events.finding("Trojan:EC2/DropPoint", 8, Events.instance("i-1")), List.of())
                            .rulesFired())
                    .containsExactly(EC2);
            assertThat(wallClock.factCount()).isZero();
        }
    }

    @Test
    void lateEventsDoNotMoveTheClockBackwards() {
        eval(Events.consoleLogin("failure", Events.T0.plus(Duration.ofMinutes(5)), "203.0.113.50"));
        eval(Events.consoleLogin("failure", Events.T0, "203.0.113.50"));
        assertThat(session.clockMillis())
                .isEqualTo(Events.T0.plus(Duration.ofMinutes(5)).toEpochMilli());
    }
}
