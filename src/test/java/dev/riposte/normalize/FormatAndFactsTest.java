package dev.riposte.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riposte.fact.ApiCall;
import dev.riposte.fact.ConfigCompliance;
import dev.riposte.fact.GuardDutyFinding;
import dev.riposte.fact.SecurityEvent;
import dev.riposte.fact.SecurityHubFinding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class FormatAndFactsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode fixture(String name) throws Exception {
        return RejectionTest.fixture(name);
    }

    @Test
    void forcedCustomReadsAGuardDutyEventAsACustomEvent() throws Exception {
        List<Normalized> out = Normalizer.forFormat("custom").normalize(fixture("guardduty-ec2-eventbridge"));
        SecurityEvent e = out.get(0).event();
        assertThat(e.source()).isEqualTo("custom");
        assertThat(e.type()).isEqualTo("GuardDuty Finding");
        assertThat(e.id()).isEqualTo("c8c4daa7-a20c-2f03-0070-b7393dd542ad");
    }

    @Test
    void forcedGuardDutyAcceptsAFindingWithoutServiceName() throws Exception {
        ObjectNode env = (ObjectNode) fixture("guardduty-ec2-eventbridge");
        ObjectNode finding = (ObjectNode) env.get("detail").deepCopy();
        ((ObjectNode) finding.get("service")).remove("serviceName");
        assertThatThrownBy(() -> new Normalizer().normalize(finding)).hasMessageStartingWith("unknown event shape");
        Normalizer gd = Normalizer.forFormat("GuardDuty");
        assertThat(gd.format()).isEqualTo("guardduty");
        assertThat(gd.normalize(finding).get(0).event().type()).isEqualTo("UnauthorizedAccess:EC2/TorClient");
    }

    @Test
    void forcedSecurityHubAndConfigOnBareDocuments() throws Exception {
        JsonNode asff = fixture("securityhub-asff-bare-guardduty");
        assertThat(Normalizer.forFormat("securityhub")
                        .normalize(asff)
                        .get(0)
                        .event()
                        .source())
                .isEqualTo("securityhub");
        JsonNode cfg = fixture("config-bare-detail-first-evaluation");
        assertThat(Normalizer.forFormat("config").normalize(cfg).get(0).event().type())
                .isEqualTo("iam-user-mfa-enabled");
        assertThatThrownBy(() -> Normalizer.forFormat("config").normalize(asff))
                .isInstanceOf(RejectedInputException.class)
                .hasMessage("Config event without configRuleName");
    }

    @Test
    void relatedFactsCarryTheEventIdAndAnswerTheRulesQuestions() throws Exception {
        Normalized denied = new Normalizer()
                .normalize(fixture("cloudtrail-access-denied-stolen-instance-credentials"))
                .get(0);
        ApiCall call = (ApiCall) denied.related().get(0);
        assertThat(call.eventId()).isEqualTo(denied.event().id());
        assertThat(call.failed()).isTrue();
        assertThat(call.accessDenied()).isTrue();
        assertThat(call.mfaUsed()).isFalse();
        assertThat(denied.event().isFailure()).isTrue();

        Normalized cfg = new Normalizer()
                .normalize(fixture("config-compliance-change-sg"))
                .get(0);
        ConfigCompliance cc = (ConfigCompliance) cfg.related().get(0);
        assertThat(cc.becameNonCompliant()).isTrue();
        Normalized first = new Normalizer()
                .normalize(fixture("config-bare-detail-first-evaluation"))
                .get(0);
        assertThat(((ConfigCompliance) first.related().get(0)).becameNonCompliant())
                .isTrue();

        Normalized sh = new Normalizer()
                .normalize(fixture("securityhub-imported-control-s3"))
                .get(0);
        SecurityHubFinding shf = (SecurityHubFinding) sh.related().get(0);
        assertThat(shf.failed()).isTrue();
        assertThat(shf.active()).isTrue();
        assertThat(sh.event().severityScore()).isEqualTo(9.0);

        Normalized probe = new Normalizer()
                .normalize(fixture("guardduty-port-probe-sample-getfindings"))
                .get(0);
        GuardDutyFinding gdf = (GuardDutyFinding) probe.related().get(0);
        assertThat(gdf.sample()).isTrue();
        assertThat(gdf.localPort()).isEqualTo(22);
    }

    @Test
    void detailIsPlainJavaWithTheOriginalKeys() throws Exception {
        SecurityEvent camel = new Normalizer()
                .normalize(fixture("guardduty-ec2-eventbridge"))
                .get(0)
                .event();
        assertThat(camel.detailText("service.action.actionType")).isEqualTo("NETWORK_CONNECTION");
        assertThat(camel.detail("service.count")).isEqualTo(4);
        assertThat(camel.detail("resource.instanceDetails.tags.0.value")).isEqualTo("web-1");
        assertThat(camel.detail("service.archived")).isEqualTo(false);
        assertThat(camel.detail()).isInstanceOf(Map.class);
        assertThat(camel.detail().get("resource")).isInstanceOf(Map.class);
        assertThat(camel.detail().get("resource").getClass().getName()).doesNotContain("jackson");
        assertThatThrownBy(() -> camel.detail().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        SecurityEvent pascal = new Normalizer()
                .normalize(fixture("guardduty-ec2-getfindings"))
                .get(0)
                .event();
        // GuardDuty's GetFindings (PascalCase) shape offers the EventBridge (camelCase) paths
        assertThat(pascal.detailText("service.action.actionType")).isEqualTo("NETWORK_CONNECTION");
        assertThat(pascal.detailText("Service.Action.ActionType")).isNull();
        // the detail round-trips through Jackson like any map (audit records, reports)
        JsonNode roundTrip = JSON.valueToTree(camel.detail());
        assertThat(roundTrip).isEqualTo(fixture("guardduty-ec2-eventbridge").get("detail"));
    }

    @Test
    void oneNormalizerServesManyThreads() throws Exception {
        Normalizer n = new Normalizer();
        JsonNode input = fixture("cloudtrail-sg-ingress-ssh-world");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Normalized>>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                results.add(pool.submit(() -> n.normalize(input)));
            }
            for (Future<List<Normalized>> f : results) {
                assertThat(f.get().get(0).related()).hasSize(3);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
