package dev.riposte.aws.action.iam;

import dev.riposte.aws.document.IamNames;
import dev.riposte.command.ActionCommand;
import dev.riposte.dispatch.ActionHandler;
import java.util.List;

/** An action whose target is one IAM user (its name or ARN): the example and the target check they share. */
interface UserTarget extends ActionHandler {

    @Override
    default ActionCommand example() {
        return ActionCommand.of(spec().id(), "alice");
    }

    @Override
    default List<String> check(ActionCommand command) {
        return IamNames.checkUser(spec().id(), command.target());
    }
}
