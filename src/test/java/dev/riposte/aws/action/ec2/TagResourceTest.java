package dev.riposte.aws.action.ec2;

import static dev.riposte.aws.action.ec2.Ec2TestSupport.ctx;
import static dev.riposte.aws.client.AwsWire.ec2Error;
import static dev.riposte.aws.client.AwsWire.ec2Return;
import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.aws.client.AwsWire;
import dev.riposte.command.ActionCommand;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.ExecutionResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TagResourceTest {
    private static final String VOLUME = "vol-0a1b2c3d4e5f60001";
    private final AwsWire aws = new AwsWire();
    private final TagResource handler = new TagResource(aws.clients());
    private final ActionContext ctx = ctx(
            "ec2:tag-resource",
            VOLUME,
            Map.of("tags", Map.of("riposte:status", "investigating", "riposte:event", "evt-0001")));

    @AfterEach
    void stop() {
        aws.close();
    }

    @Test
    void tagsInKeyOrder() {
        aws.ok("CreateTags", ec2Return("CreateTags"));

        ExecutionResult r = handler.execute(ctx);

        assertThat(handler.plan(ctx))
                .containsExactly(new AwsRequest(
                        "ec2",
                        "CreateTags",
                        Map.of(
                                "Resources",
                                List.of(VOLUME),
                                "Tags",
                                List.of(
                                        Map.of("Key", "riposte:event", "Value", "evt-0001"),
                                        Map.of("Key", "riposte:status", "Value", "investigating")))));
        assertThat(r.requests()).isEqualTo(handler.plan(ctx));
        assertThat(aws.calls())
                .singleElement()
                .satisfies(c -> assertThat(c.params())
                        .isEqualTo(Map.of(
                                "Action",
                                "CreateTags",
                                "Version",
                                "2016-11-15",
                                "ResourceId.1",
                                VOLUME,
                                "Tag.1.Key",
                                "riposte:event",
                                "Tag.1.Value",
                                "evt-0001",
                                "Tag.2.Key",
                                "riposte:status",
                                "Tag.2.Value",
                                "investigating")));
    }

    @Test
    void aVanishedResourceIsSkipped() {
        aws.answer(
                "CreateTags", 400, ec2Error("InvalidVolume.NotFound", "The volume '" + VOLUME + "' does not exist."));

        assertThat(handler.execute(ctx).outcome()).isEqualTo(Outcome.SKIPPED);
    }

    @Test
    void rejectsBadTags() {
        assertThat(handler.check(new ActionCommand("ec2:tag-resource", VOLUME, Map.of("tags", Map.of("aws:x", "y")))))
                .containsExactly("ec2:tag-resource tag key 'aws:x' must be 1-128 characters and not start with aws:");
        assertThat(handler.check(new ActionCommand("ec2:tag-resource", VOLUME, Map.of("tags", Map.of()))))
                .containsExactly("ec2:tag-resource needs at least one tag");
        assertThat(handler.check(new ActionCommand("ec2:tag-resource", "bucket", Map.of("tags", Map.of("a", "b")))))
                .containsExactly("ec2:tag-resource target 'bucket' is not an EC2 resource id or ARN");
    }
}
