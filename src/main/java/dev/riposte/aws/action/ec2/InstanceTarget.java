package dev.riposte.aws.action.ec2;

import dev.riposte.command.ActionCommand;
import dev.riposte.dispatch.ActionHandler;
import java.util.List;

/** An action whose target is one EC2 instance (its id or ARN): the example and the target check they all share. */
interface InstanceTarget extends ActionHandler {

    @Override
    default ActionCommand example() {
        return ActionCommand.of(spec().id(), "i-0123456789abcdef0");
    }

    @Override
    default List<String> check(ActionCommand command) {
        return Ec2Ids.checkInstanceId(spec().id(), command.target());
    }
}
