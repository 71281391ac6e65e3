package dev.riposte.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ActionSpecBuilderTest {

    @Test
    void namedPropertiesEndUpInTheSpec() {
        ParamSpec reason = ParamSpec.optional("reason", ParamSpec.Type.STRING, "why");
        ActionSpec s = ActionSpec.builder("ec2:stop-instance")
                .description("Stop it")
                .targetType("AWS::EC2::Instance")
                .params(reason)
                .permissions("ec2:StopInstances")
                .awsDryRun(true)
                .build();
        assertThat(s)
                .isEqualTo(new ActionSpec(
                        "ec2:stop-instance",
                        "Stop it",
                        "AWS::EC2::Instance",
                        List.of(reason),
                        List.of("ec2:StopInstances"),
                        true,
                        true));
    }

    @Test
    void unsaidPropertiesTakeTheSafeSide() {
        // mutating unless said otherwise (it counts for the breaker); no DryRun unless said (validation refuses)
        ActionSpec s = ActionSpec.builder("notify:log").description("Log").build();
        assertThat(s.mutating()).isTrue();
        assertThat(s.awsDryRun()).isFalse();
        assertThat(s.targetType()).isNull();
        assertThat(s.params()).isEmpty();
        assertThat(s.permissions()).isEmpty();
        assertThat(ActionSpec.builder("notify:log")
                        .description("Log")
                        .mutating(false)
                        .build()
                        .mutating())
                .isFalse();
    }

    @Test
    void aBadIdIsRefusedWhenBuilt() {
        assertThatThrownBy(() ->
                        ActionSpec.builder("StopInstance").description("x").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("service:verb-noun");
    }
}
