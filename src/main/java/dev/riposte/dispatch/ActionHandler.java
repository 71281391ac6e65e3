package dev.riposte.dispatch;

import dev.riposte.command.ActionCommand;
import java.util.List;

/**
 * The SPI of one action ({@code service:verb-noun}). One implementation carries the action's
 * schema, IAM permissions, dry-run plan and execution, so adding an action touches one class.
 * Implementations live in {@code dev.riposte.aws.action.<service>} (and {@code dev.riposte.notify}) and are CDI beans.
 */
public interface ActionHandler {

    /** Id, parameters, permissions and docs; constant for the handler's lifetime. */
    ActionSpec spec();

    /**
     * One valid command for this action, as a rule would write it: {@code docs/actions.md} shows it, and the registry-wide
     * test validates and plans it for every action. Null only for handlers outside the action packages (test doubles).
     */
    default ActionCommand example() {
        return null;
    }

    /**
     * True for actions that send the event's investigation report on ({@link ActionContext#report()}): notifications
     * and forwarding. The pipeline runs them after the event's other commands, so the report they carry already
     * holds those commands' outcomes.
     */
    default boolean carriesReport() {
        return false;
    }

    /**
     * Problems the declared parameter schema cannot express (value formats, target shape), checked
     * with the schema when rules and playbooks load and again before dispatch. Empty when fine.
     */
    default List<String> check(ActionCommand command) {
        return List.of();
    }

    /**
     * The exact AWS requests this action would send for {@code ctx}, computed without calling AWS.
     * Values only known at run time (a quarantine group not yet created) appear as {@code <placeholders>}.
     */
    List<AwsRequest> plan(ActionContext ctx);

    /**
     * Carry the action out against AWS. Handlers treat "already in that state" as success and
     * "resource no longer exists" as {@link ExecutionResult#skipped(String, List)}.
     */
    default ExecutionResult execute(ActionContext ctx) {
        throw new UnsupportedOperationException(spec().id() + " has no live execution in this build");
    }

    /**
     * Ask AWS itself whether {@link #execute} would be allowed, sending the mutating calls with {@code DryRun=true}
     * (reads go as they are: they find what to act on). Called only when {@link ActionSpec#awsDryRun()} is true
     * and {@code riposte.dry-run.validate=true}, in dry-run and shadow mode.
     */
    default AwsDryRun validateWithAws(ActionContext ctx) {
        throw new UnsupportedOperationException(spec().id() + " cannot be validated with AWS DryRun");
    }
}
