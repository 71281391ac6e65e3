package dev.riposte.aws.action.s3;

import dev.riposte.aws.client.S3Access;
import dev.riposte.command.ActionCommand;
import dev.riposte.dispatch.ActionHandler;
import java.util.List;

/** An action whose target is one S3 bucket (its name or ARN): the example and the target check they share. */
interface BucketTarget extends ActionHandler {

    @Override
    default ActionCommand example() {
        return ActionCommand.of(spec().id(), "arn:aws:s3:::example-bucket");
    }

    @Override
    default List<String> check(ActionCommand command) {
        return S3Access.checkBucket(spec().id(), command.target());
    }
}
