package dev.riposte.guard;

import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.ActionHandler;
import dev.riposte.dispatch.ActionSpec;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.ExecutionResult;
import dev.riposte.dispatch.ParamSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/**
 * Stands in for an AWS action until the aws package's handlers are merged: its live execution sends one real
 * HTTP request per command to a WireMock server, so a test counts what reached "AWS" on the wire.
 */
final class WireHandler implements ActionHandler {
    private final ActionSpec spec;
    private final String endpoint;
    private final HttpClient http = HttpClient.newHttpClient();

    WireHandler(String id, boolean mutating, String endpoint) {
        this.spec = ActionSpec.builder(id)
                .description("test " + id)
                .targetType("AWS::EC2::Instance")
                .params(ParamSpec.optional("reason", ParamSpec.Type.STRING, "why"))
                .permissions("ec2:Test")
                .mutating(mutating)
                .build();
        this.endpoint = endpoint;
    }

    @Override
    public ActionSpec spec() {
        return spec;
    }

    @Override
    public List<AwsRequest> plan(ActionContext ctx) {
        return List.of(
                new AwsRequest("ec2", "ModifyInstanceAttribute", Map.of("InstanceId", String.valueOf(ctx.target()))));
    }

    @Override
    public ExecutionResult execute(ActionContext ctx) {
        String op = spec.id().replace(':', '/');
        HttpRequest req = HttpRequest.newBuilder(URI.create(endpoint + "/" + op + "/" + ctx.target()))
                .POST(HttpRequest.BodyPublishers.ofString(
                        String.valueOf(ctx.command().params())))
                .build();
        try {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200
                    ? ExecutionResult.succeeded(plan(ctx), "req-" + ctx.target())
                    : ExecutionResult.failed("HTTP " + r.statusCode() + ": " + r.body(), plan(ctx));
        } catch (IOException e) {
            return ExecutionResult.failed(e.toString(), plan(ctx));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExecutionResult.failed("interrupted", plan(ctx));
        }
    }
}
