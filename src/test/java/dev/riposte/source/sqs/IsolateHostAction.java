package dev.riposte.source.sqs;

import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.ActionHandler;
import dev.riposte.dispatch.ActionSpec;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.ExecutionResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/**
 * A mutating live action whose "AWS" is WireMock: each execution is one POST /isolate/{target}, so
 * WireMock's request count is the number of times the action really ran.
 */
final class IsolateHostAction implements ActionHandler {
    static final String ID = "test:isolate-host";
    private static final ActionSpec SPEC = ActionSpec.builder(ID)
            .description("isolate a host (test)")
            .targetType("AWS::EC2::Instance")
            .permissions("ec2:ModifyInstanceAttribute")
            .build();
    private final HttpClient http = HttpClient.newHttpClient();
    private final URI base;

    IsolateHostAction(URI base) {
        this.base = base;
    }

    @Override
    public ActionSpec spec() {
        return SPEC;
    }

    @Override
    public List<AwsRequest> plan(ActionContext ctx) {
        return List.of(new AwsRequest("ec2", "ModifyInstanceAttribute", Map.of("InstanceId", ctx.target())));
    }

    @Override
    public ExecutionResult execute(ActionContext ctx) {
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(base.resolve("/isolate/" + ctx.target()))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200
                    ? ExecutionResult.succeeded(plan(ctx), r.body())
                    : ExecutionResult.failed("HTTP " + r.statusCode(), plan(ctx));
        } catch (IOException e) {
            return ExecutionResult.failed(e.toString(), plan(ctx));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExecutionResult.failed("interrupted", plan(ctx));
        }
    }
}
