package dev.riposte.aws.action.ec2;

import static dev.riposte.aws.action.ec2.Ec2TestSupport.INSTANCE;
import static dev.riposte.aws.action.ec2.Ec2TestSupport.ctx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.aws.client.AwsWire;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.ExecutionResult;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RequireImdsv2Test {
    private static final String OK = "<ModifyInstanceMetadataOptionsResponse xmlns=\"" + AwsWire.EC2_NS + "\">"
            + "<requestId>req-imds</requestId><instanceId>" + INSTANCE + "</instanceId><instanceMetadataOptions>"
            + "<state>pending</state><httpTokens>required</httpTokens><httpPutResponseHopLimit>1</httpPutResponseHopLimit>"
            + "<httpEndpoint>enabled</httpEndpoint></instanceMetadataOptions></ModifyInstanceMetadataOptionsResponse>";
    private final AwsWire aws = new AwsWire();
    private final RequireImdsv2 handler = new RequireImdsv2(aws.clients());
    private final ActionContext ctx = ctx("ec2:require-imdsv2", INSTANCE, Map.of());

    @AfterEach
    void stop() {
        aws.close();
    }

    @Test
    void requiresTokens() {
        aws.ok("ModifyInstanceMetadataOptions", OK);

        ExecutionResult r = handler.execute(ctx);

        assertThat(handler.plan(ctx))
                .containsExactly(new AwsRequest(
                        "ec2",
                        "ModifyInstanceMetadataOptions",
                        Map.of("InstanceId", INSTANCE, "HttpTokens", "required")));
        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(r.awsRequestId()).isEqualTo("req-imds");
        assertThat(aws.calls())
                .singleElement()
                .satisfies(c -> assertThat(c.params())
                        .isEqualTo(Map.of(
                                "Action",
                                "ModifyInstanceMetadataOptions",
                                "Version",
                                "2016-11-15",
                                "InstanceId",
                                INSTANCE,
                                "HttpTokens",
                                "required")));
    }
}
