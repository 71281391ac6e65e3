package dev.riposte.aws.action.ec2;

import static dev.riposte.aws.action.ec2.Ec2TestSupport.INSTANCE;
import static dev.riposte.aws.action.ec2.Ec2TestSupport.ctx;
import static dev.riposte.aws.client.AwsWire.ec2Error;
import static dev.riposte.aws.client.AwsWire.ec2Return;
import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.aws.client.AwsWire;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.ExecutionResult;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EnableTerminationProtectionTest {
    private final AwsWire aws = new AwsWire();
    private final EnableTerminationProtection handler = new EnableTerminationProtection(aws.clients());
    private final ActionContext ctx = ctx("ec2:enable-termination-protection", INSTANCE, Map.of());

    @AfterEach
    void stop() {
        aws.close();
    }

    @Test
    void setsDisableApiTermination() {
        aws.ok("ModifyInstanceAttribute", ec2Return("ModifyInstanceAttribute"));

        ExecutionResult r = handler.execute(ctx);

        assertThat(handler.plan(ctx))
                .containsExactly(new AwsRequest(
                        "ec2",
                        "ModifyInstanceAttribute",
                        Map.of("InstanceId", INSTANCE, "DisableApiTermination", Map.of("Value", true))));
        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(r.requests()).isEqualTo(handler.plan(ctx));
        assertThat(aws.calls())
                .singleElement()
                .satisfies(c -> assertThat(c.params())
                        .isEqualTo(Map.of(
                                "Action",
                                "ModifyInstanceAttribute",
                                "Version",
                                "2016-11-15",
                                "InstanceId",
                                INSTANCE,
                                "DisableApiTermination.Value",
                                "true")));
    }

    @Test
    void aVanishedInstanceIsSkippedAndRefusalsFail() {
        aws.answer("ModifyInstanceAttribute", 400, ec2Error("InvalidInstanceID.NotFound", "gone"));
        assertThat(handler.execute(ctx).outcome()).isEqualTo(Outcome.SKIPPED);

        aws.reset();
        aws.answer(
                "ModifyInstanceAttribute",
                403,
                ec2Error("UnauthorizedOperation", "You are not authorized to perform this operation."));
        ExecutionResult r = handler.execute(ctx);
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.error()).startsWith("UnauthorizedOperation: ");
    }
}
