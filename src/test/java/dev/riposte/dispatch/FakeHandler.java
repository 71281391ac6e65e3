package dev.riposte.dispatch;

import dev.riposte.command.ActionCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** A handler whose plan and execution the test decides; it remembers the contexts it was given. Public: playbook tests use it. */
public final class FakeHandler implements ActionHandler {
    public final ActionSpec spec;
    public final List<ActionContext> planned = new ArrayList<>();
    public final List<ActionContext> executed = new ArrayList<>();
    public Function<ActionContext, ExecutionResult> execution;
    public RuntimeException planFailure;
    public List<String> checkProblems = List.of();

    public FakeHandler(String id, List<ParamSpec> params) {
        this.spec = ActionSpec.builder(id)
                .description("test action " + id)
                .targetType("AWS::EC2::Instance")
                .params(params)
                .permissions("ec2:Test")
                .build();
        this.execution = ctx -> ExecutionResult.succeeded(plan(ctx), "req-1");
    }

    public FakeHandler(String id) {
        this(id, List.of(ParamSpec.optional("reason", ParamSpec.Type.STRING, "why")));
    }

    @Override
    public ActionSpec spec() {
        return spec;
    }

    @Override
    public List<String> check(ActionCommand command) {
        return checkProblems;
    }

    @Override
    public List<AwsRequest> plan(ActionContext ctx) {
        if (planFailure != null) {
            throw planFailure;
        }
        planned.add(ctx);
        return List.of(new AwsRequest("ec2", "Test", Map.of("Target", ctx.target())));
    }

    @Override
    public ExecutionResult execute(ActionContext ctx) {
        executed.add(ctx);
        return execution.apply(ctx);
    }
}
