package dev.riposte.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimitSettingsTest {

    @Test
    void overridesWinOverServiceWideOnesAndTheBuiltInDefaults() {
        RateLimitSettings s = RateLimitSettings.parse(
                true,
                "2s",
                "1/1s burst=3",
                "ec2:isolate-instance=1/1m, iam:deactivate-access-key=2/1s burst=4",
                "ec2:CreateTags=9/1s burst=9,iam:*=1/1s");
        assertThat(s.maxWait()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.forAction("ec2:isolate-instance")).isEqualTo(new Limit(1, 1 / 60.0));
        assertThat(s.forAction("ec2:stop-instance")).isEqualTo(new Limit(3, 1));
        assertThat(s.forOperation("ec2", "CreateTags")).isEqualTo(new Limit(9, 9));
        assertThat(s.forOperation("ec2", "DescribeInstances")).isEqualTo(RateLimitSettings.EC2_NON_MUTATING);
        assertThat(s.forOperation("ec2", "ModifyNetworkInterfaceAttribute")).isEqualTo(RateLimitSettings.EC2_MUTATING);
        assertThat(s.forOperation("iam", "GetUser")).isEqualTo(new Limit(1, 1));
        assertThat(s.forOperation("s3", "PutPublicAccessBlock")).isEqualTo(RateLimitSettings.OTHER);
        assertThat(s.forOperation("log", "Write").off()).isTrue();
    }

    @Test
    void theBuiltInDefaultsStayBelowAwsDocumentedEc2Buckets() {
        // docs/dispatch.md: non-mutating 100 burst / 20 a second (unfiltered Describe* 50 / 10); mutating 50 / 5
        assertThat(RateLimitSettings.EC2_NON_MUTATING.burst()).isLessThanOrEqualTo(50);
        assertThat(RateLimitSettings.EC2_NON_MUTATING.perSecond()).isLessThanOrEqualTo(10);
        assertThat(RateLimitSettings.EC2_MUTATING.burst()).isLessThanOrEqualTo(50);
        assertThat(RateLimitSettings.EC2_MUTATING.perSecond()).isLessThanOrEqualTo(5);
        assertThat(RateLimitSettings.IAM.perSecond()).isLessThanOrEqualTo(5);
    }

    @Test
    void everyBadValueNamesItsKey() {
        assertThatThrownBy(() -> RateLimitSettings.parse(true, "soon", "1/1s", "", ""))
                .hasMessageStartingWith("riposte.rate-limit.max-wait: 'soon' is not a duration");
        assertThatThrownBy(() -> RateLimitSettings.parse(true, "-1s", "1/1s", "", ""))
                .hasMessageContaining("riposte.rate-limit.max-wait");
        assertThatThrownBy(() -> RateLimitSettings.parse(true, "5s", "lots", "", ""))
                .hasMessageStartingWith("riposte.rate-limit.action.default: 'lots' is not a rate limit");
        assertThatThrownBy(() -> RateLimitSettings.parse(true, "5s", "1/1s", "ec2:isolate-instance", ""))
                .hasMessageStartingWith(
                        "riposte.rate-limit.action.overrides: 'ec2:isolate-instance' must be <name>=<limit>");
        assertThatThrownBy(() -> RateLimitSettings.parse(true, "5s", "1/1s", "EC2 isolate=1/1s", ""))
                .hasMessage(
                        "riposte.rate-limit.action.overrides: 'EC2 isolate' is not an action id such as ec2:isolate-instance");
        assertThatThrownBy(() -> RateLimitSettings.parse(true, "5s", "1/1s", "", "ec2:createTags=1/1s"))
                .hasMessageContaining(
                        "riposte.rate-limit.operation.overrides: 'ec2:createTags' is not service:Operation or service:*");
        assertThatThrownBy(() ->
                        RateLimitSettings.parse(true, "5s", "1/1s", "", "ec2:CreateTags=1/1s,ec2:CreateTags=2/1s"))
                .hasMessage("riposte.rate-limit.operation.overrides: ec2:CreateTags is given twice");
        assertThatThrownBy(() -> RateLimitSettings.parse(true, "5s", "1/1s", "", "ec2:CreateTags=1 per second"))
                .hasMessageStartingWith(
                        "riposte.rate-limit.operation.overrides (ec2:CreateTags): '1 per second' is not a rate limit");
    }

    @Test
    void anOverrideForAnActionTheCatalogueLacksIsRefused() {
        RateLimitSettings s = RateLimitSettings.parse(true, "5s", "1/1s", "ec2:isolate-instanse=1/1s", "");
        assertThatThrownBy(() -> RateLimitProducer.checkKnown(s, List.of("ec2:isolate-instance")))
                .hasMessageContaining("no action ec2:isolate-instanse in the catalogue");
        RateLimitProducer.checkKnown(
                RateLimitSettings.parse(true, "5s", "1/1s", "ec2:isolate-instance=1/1s", ""),
                List.of("ec2:isolate-instance"));
    }
}
