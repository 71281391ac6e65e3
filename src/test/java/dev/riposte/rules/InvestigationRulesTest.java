package dev.riposte.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.command.ActionCommand;
import dev.riposte.fact.ActivitySummary;
import dev.riposte.fact.Events;
import dev.riposte.fact.GuardDutyFinding;
import dev.riposte.fact.InstanceContext;
import dev.riposte.fact.InvestigationIncomplete;
import dev.riposte.fact.PrincipalContext;
import dev.riposte.fact.SecurityEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The built-in rules that decide on investigation context, with context facts as the investigator inserts them. */
class InvestigationRulesTest extends BuiltInRulesFixture {
    static final String INSTANCE = "i-0123456789abcdef0";
    static final String KEY_ID = "AKIAIOSFODNN7EXAMPLE";

    static InstanceContext instance(SecurityEvent e, Map<String, String> tags) {
        return new InstanceContext(
                e.id(),
                INSTANCE,
                "running",
                tags,
                "203.0.113.10",
                "vpc-1",
                "subnet-1",
                List.of("sg-1"),
                List.of(),
                "arn:aws:iam::111122223333:instance-profile/web",
                "web-role",
                null,
                List.of("vol-1"),
                true);
    }

    static PrincipalContext principal(SecurityEvent e, String name, Map<String, String> tags, boolean admin) {
        return new PrincipalContext(
                e.id(),
                "arn:aws:iam::111122223333:user/" + name,
                "IAMUser",
                name,
                tags,
                admin,
                admin ? List.of("AdministratorAccess") : List.of(),
                false,
                true,
                List.of(new PrincipalContext.AccessKey(KEY_ID, "Active", null, null, null, null)),
                List.of(),
                true);
    }

    private List<ActionCommand> commands(Evaluation ev) {
        return ev.firings().stream().map(f -> (ActionCommand) f.command()).toList();
    }

    @Test
    void aProductionInstanceGetsAnApprovalNotificationInsteadOfIsolation() {
        for (Map<String, String> tags :
                List.of(Map.of("env", "prod"), Map.of("Environment", "Production"), Map.of("Stage", "PRD"))) {
            SecurityEvent e = Events.finding("Backdoor:EC2/C&CActivity.B", 8, Events.instance(INSTANCE));
            Evaluation ev = session.evaluate(e, List.of(instance(e, tags)));
            assertThat(ev.rulesFired()).as(tags.toString()).containsExactly(BuiltInRulesTest.PROD);
            ActionCommand c = commands(ev).get(0);
            assertThat(c.action()).isEqualTo("notify:log");
            assertThat((String) c.params().get("message"))
                    .startsWith("approval needed: isolate production instance " + INSTANCE)
                    .contains("web-role");
        }
    }

    @Test
    void aNonProductionOrUninvestigatedInstanceIsStillIsolated() {
        SecurityEvent staging = Events.finding("Backdoor:EC2/C&CActivity.B", 8, Events.instance(INSTANCE));
        assertThat(session.evaluate(staging, List.of(instance(staging, Map.of("env", "staging"))))
                        .rulesFired())
                .containsExactly(BuiltInRulesTest.EC2);
        // context for another event, or none at all (replay, a failed investigation), never holds isolation back
        SecurityEvent other = Events.finding("Backdoor:EC2/C&CActivity.B", 8, Events.instance(INSTANCE));
        SecurityEvent unrelated = Events.finding("Recon:EC2/PortProbeUnprotectedPort", 2, Events.instance(INSTANCE));
        assertThat(session.evaluate(
                                other,
                                List.of(
                                        instance(unrelated, Map.of("env", "prod")),
                                        new InvestigationIncomplete(other.id(), "ec2:instance-context", "timed out")))
                        .rulesFired())
                .containsExactly(BuiltInRulesTest.EC2);
    }

    @Test
    void aHeldBackRemediationDoesNotFireLaterWhenTheNextEventIsEvaluated() {
        SecurityEvent prod = Events.finding("Backdoor:EC2/C&CActivity.B", 8, Events.instance(INSTANCE));
        assertThat(session.evaluate(prod, List.of(instance(prod, Map.of("env", "prod"))))
                        .rulesFired())
                .containsExactly(BuiltInRulesTest.PROD);
        // the production instance's event is still in the session for correlation: its context must be too
        SecurityEvent next =
                Events.finding("Recon:EC2/PortProbeUnprotectedPort", 2, Events.instance("i-0fedcba9876543210"));
        assertThat(session.evaluate(next, List.of()).rulesFired()).isEmpty();
    }

    @Test
    void contextLeavesTheSessionWithItsEvent() {
        SecurityEvent prod = Events.finding("Backdoor:EC2/C&CActivity.B", 8, Events.instance(INSTANCE));
        session.evaluate(prod, List.of(instance(prod, Map.of("env", "prod"))));
        long held = session.factCount();
        SecurityEvent later = Events.guardDuty("Recon:EC2/PortProbeUnprotectedPort")
                .id("later")
                .at(Events.T0.plus(Duration.ofHours(2)))
                .severity(2.0)
                .build();
        session.evaluate(later, List.of());
        assertThat(held).isEqualTo(2); // the event and its context
        assertThat(session.factCount()).isEqualTo(1); // only the later event
    }

    @Test
    void aBreakGlassUserIsNotifiedAboutNotDeactivated() {
        SecurityEvent byTag = Events.keyFinding(
                "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS", 8, KEY_ID, "ops");
        Evaluation ev =
                session.evaluate(byTag, List.of(principal(byTag, "ops", Map.of("riposte:break-glass", "true"), false)));
        assertThat(ev.rulesFired()).containsExactly(BuiltInRulesTest.BREAK_GLASS);
        assertThat((String) commands(ev).get(0).params().get("message")).contains("break-glass user ops");

        SecurityEvent byName = Events.keyFinding(
                "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS", 8, KEY_ID, "Break_Glass-Admin");
        assertThat(session.evaluate(byName, List.of(principal(byName, "Break_Glass-Admin", Map.of(), false)))
                        .rulesFired())
                .containsExactly(BuiltInRulesTest.BREAK_GLASS);
    }

    @Test
    void anAdminKeyIsDeactivatedAndEscalated() {
        SecurityEvent e = Events.keyFinding(
                "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS", 8, KEY_ID, "alice");
        Evaluation ev = session.evaluate(e, List.of(principal(e, "alice", Map.of(), true)));
        assertThat(ev.rulesFired()).containsExactlyInAnyOrder(BuiltInRulesTest.KEY, BuiltInRulesTest.ADMIN);
        ActionCommand escalation = commands(ev).stream()
                .filter(c -> c.action().equals("notify:log"))
                .findFirst()
                .orElseThrow();
        assertThat(escalation.params()).containsEntry("level", "error");
        assertThat((String) escalation.params().get("message"))
                .startsWith("HIGH SEVERITY")
                .contains(KEY_ID, "alice");
    }

    @Test
    void aNonAdminKeyIsOnlyDeactivated() {
        SecurityEvent e = Events.keyFinding(
                "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS", 8, KEY_ID, "bob");
        assertThat(session.evaluate(e, List.of(principal(e, "bob", Map.of(), false)))
                        .rulesFired())
                .containsExactly(BuiltInRulesTest.KEY);
    }

    static ActivitySummary activity(SecurityEvent e, String subject, int baseline, List<String> newIps) {
        return new ActivitySummary(
                e.id(),
                subject,
                Events.T0.minus(Duration.ofHours(1)),
                Events.T0,
                Events.T0.minus(Duration.ofHours(25)),
                12,
                baseline,
                Map.of("iam", 12),
                3,
                List.of("us-east-1"),
                List.of("198.51.100.20", "203.0.113.77"),
                newIps,
                List.of("iam:CreateAccessKey"),
                false);
    }

    static GuardDutyFinding finding(SecurityEvent e) {
        return new GuardDutyFinding(
                e.id(),
                "AWS_API_CALL",
                "ListUsers",
                "203.0.113.77",
                "Wonderland",
                null,
                null,
                null,
                null,
                null,
                "ACTOR",
                1,
                null,
                null,
                false,
                false,
                "det-1");
    }

    @Test
    void aKeyUsedFromANewSourceIpEscalatesWithTheFindingsCountry() {
        SecurityEvent e = Events.keyFinding("UnauthorizedAccess:IAMUser/TorIPCaller", 5, KEY_ID, "alice");
        Evaluation ev = session.evaluate(
                e, List.of(finding(e), activity(e, "accessKey/" + KEY_ID, 40, List.of("203.0.113.77"))));
        assertThat(ev.rulesFired()).contains(BuiltInRulesTest.NEW_IP);
        ActionCommand c = ev.firings().stream()
                .filter(f -> f.rule().equals(BuiltInRulesTest.NEW_IP))
                .map(f -> (ActionCommand) f.command())
                .findFirst()
                .orElseThrow();
        assertThat(c.action()).isEqualTo("notify:log");
        assertThat(c.target()).isEqualTo(KEY_ID);
        assertThat(c.params()).containsEntry("level", "error");
        assertThat((String) c.params().get("message")).contains("[203.0.113.77]", "Wonderland", "iam:CreateAccessKey");
    }

    @Test
    void noNewIpNoBaselineOrAUserSubjectDoNotEscalate() {
        SecurityEvent usual = Events.keyFinding("UnauthorizedAccess:IAMUser/TorIPCaller", 5, KEY_ID, "alice");
        assertThat(session.evaluate(
                                usual, List.of(finding(usual), activity(usual, "accessKey/" + KEY_ID, 40, List.of())))
                        .rulesFired())
                .doesNotContain(BuiltInRulesTest.NEW_IP);
        SecurityEvent fresh = Events.keyFinding("UnauthorizedAccess:IAMUser/TorIPCaller", 5, KEY_ID, "alice");
        assertThat(session.evaluate(
                                fresh,
                                List.of(
                                        finding(fresh),
                                        activity(fresh, "accessKey/" + KEY_ID, 0, List.of("203.0.113.77"))))
                        .rulesFired())
                .as("no baseline: every IP would be new")
                .doesNotContain(BuiltInRulesTest.NEW_IP);
        SecurityEvent byUser = Events.keyFinding("UnauthorizedAccess:IAMUser/TorIPCaller", 5, KEY_ID, "alice");
        assertThat(session.evaluate(
                                byUser,
                                List.of(finding(byUser), activity(byUser, "user/alice", 40, List.of("203.0.113.77"))))
                        .rulesFired())
                .doesNotContain(BuiltInRulesTest.NEW_IP);
    }
}
