package dev.riposte.aws.action.ec2;

import dev.riposte.aws.client.AwsWire;
import dev.riposte.command.ActionCommand;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.fact.Events;
import java.util.Map;

/** Contexts for EC2 handler tests. */
final class Ec2TestSupport {
    static final String INSTANCE = "i-0123456789abcdef0";
    static final String GROUP = "sg-0a1b2c3d4e5f60001";
    static final String SNAPSHOT = "snap-0a1b2c3d4e5f60001";
    static final String WOULD_SUCCEED =
            AwsWire.ec2Error("DryRunOperation", "Request would have succeeded, but DryRun flag is set.");

    private Ec2TestSupport() {}

    static ActionContext ctx(String action, String target, Map<String, Object> params) {
        return new ActionContext(
                new ActionCommand(action, target, params), Events.torClient().build(), Events.ACCOUNT, "us-east-1");
    }
}
