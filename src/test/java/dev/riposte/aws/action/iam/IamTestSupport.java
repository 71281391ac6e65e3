package dev.riposte.aws.action.iam;

import dev.riposte.aws.client.AwsWire;
import dev.riposte.command.ActionCommand;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.fact.Events;
import java.util.Map;

/** Contexts and IAM XML for IAM handler tests. */
final class IamTestSupport {
    private IamTestSupport() {}

    static ActionContext ctx(String action, String target, Map<String, Object> params) {
        return new ActionContext(
                new ActionCommand(action, target, params), Events.torClient().build(), Events.ACCOUNT, "us-east-1");
    }

    /** An IAM response without a result element. */
    static String empty(String action) {
        return "<" + action + "Response xmlns=\"" + AwsWire.IAM_NS + "\"><ResponseMetadata><RequestId>req-" + action
                + "</RequestId></ResponseMetadata></" + action + "Response>";
    }
}
