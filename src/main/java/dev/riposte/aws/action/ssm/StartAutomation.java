package dev.riposte.aws.action.ssm;

import static dev.riposte.aws.client.Requests.request;

import dev.riposte.aws.action.AwsHandler;
import dev.riposte.aws.action.SingleChange;
import dev.riposte.aws.action.SingleChangeAction;
import dev.riposte.aws.client.AwsClients;
import dev.riposte.command.ActionCommand;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.ActionSpec;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.ParamSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * {@code ssm:start-automation}: hand off to an SSM Automation runbook in the event's account and region. Parameter
 * values may say {@code {target}}, {@code {account}}, {@code {region}} or {@code {eventId}}. The client token is derived
 * from (event, action, target, document), so a retried or redelivered command starts the runbook once.
 * Public: wiring outside CDI constructs it.
 */
@ApplicationScoped
public class StartAutomation extends AwsHandler implements SingleChangeAction {
    private static final ActionSpec SPEC = ActionSpec.builder("ssm:start-automation")
            .description("Start an SSM Automation runbook (documentName) with parameters;"
                    + " values may use {target}, {account}, {region}, {eventId}")
            .params(
                    ParamSpec.required(
                            "documentName", ParamSpec.Type.STRING, "runbook name or ARN, e.g. AWS-StopEC2Instance"),
                    ParamSpec.optional(
                            "parameters", ParamSpec.Type.MAP, "runbook parameters: name -> string or list of strings"),
                    ParamSpec.optional(
                            "documentVersion", ParamSpec.Type.STRING, "runbook version (default: the default version)"),
                    ParamSpec.optional("reason", ParamSpec.Type.STRING, "why, for the audit log"))
            .permissions( // a runbook with an AutomationAssumeRole also needs iam:PassRole on that role
                    List.of("ssm:StartAutomationExecution"))
            .build();

    @Inject
    public StartAutomation(AwsClients clients) {
        super(SPEC, clients);
    }

    @Override
    public ActionCommand example() {
        return ActionCommand.of(SPEC.id(), "i-0123456789abcdef0")
                .with("documentName", "AWS-StopEC2Instance")
                .with("parameters", Map.of("InstanceId", List.of("{target}")));
    }

    @Override
    public List<String> check(ActionCommand command) {
        List<String> problems = new ArrayList<>();
        if (!String.valueOf(command.params().get("documentName"))
                .matches("[a-zA-Z0-9_.:/-]{3,128}|arn:aws[a-z-]*:ssm:.+")) {
            problems.add(SPEC.id() + " documentName '" + command.params().get("documentName")
                    + "' is not an SSM document name or ARN");
        }
        if (command.params().get("parameters") instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                boolean ok = v instanceof CharSequence
                        || v instanceof Number
                        || v instanceof Boolean
                        || (v instanceof List<?> l
                                && l.stream()
                                        .allMatch(x -> x instanceof CharSequence
                                                || x instanceof Number
                                                || x instanceof Boolean));
                if (!ok) {
                    problems.add(SPEC.id() + " parameter '" + k + "' must be a string or a list of strings");
                }
            });
        }
        return problems;
    }

    @Override
    public SingleChange change(ActionContext ctx) {
        Map<String, List<String>> parameters = parameters(ctx);
        return new SingleChange(
                start(ctx),
                dryRun -> clients.client("ssm", ctx, SsmClient::builder)
                        .startAutomationExecution(b -> b.documentName(ctx.param("documentName", null))
                                .documentVersion(ctx.param("documentVersion", null))
                                .parameters(parameters.isEmpty() ? null : parameters)
                                .clientToken(clientToken(ctx))));
    }

    static AwsRequest start(ActionContext ctx) {
        Map<String, List<String>> parameters = parameters(ctx);
        return request(
                "ssm",
                "StartAutomationExecution",
                "DocumentName",
                ctx.param("documentName", null),
                "DocumentVersion",
                ctx.param("documentVersion", null),
                "Parameters",
                parameters.isEmpty() ? null : parameters,
                "ClientToken",
                clientToken(ctx));
    }

    /** The runbook parameters with placeholders filled in, sorted by name so plan and request compare. */
    static Map<String, List<String>> parameters(ActionContext ctx) {
        Map<String, List<String>> out = new TreeMap<>();
        if (ctx.command().params().get("parameters") instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                List<?> values = v instanceof List<?> l ? l : List.of(v);
                out.put(
                        String.valueOf(k),
                        values.stream().map(x -> fill(String.valueOf(x), ctx)).toList());
            });
        }
        return out;
    }

    private static String fill(String value, ActionContext ctx) {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("{target}", ctx.target());
        vars.put("{account}", ctx.account());
        vars.put("{region}", ctx.region());
        vars.put("{eventId}", ctx.event() == null ? null : ctx.event().id());
        String out = value;
        for (Map.Entry<String, String> e : vars.entrySet()) {
            if (out.contains(e.getKey())) {
                if (e.getValue() == null) {
                    throw new IllegalArgumentException("ssm:start-automation parameter value '" + value + "' uses "
                            + e.getKey() + " but this command has none");
                }
                out = out.replace(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /** SSM wants a UUID; a name-based one makes it the same for the same (event, action, target, document). */
    static String clientToken(ActionContext ctx) {
        String key = (ctx.event() == null ? "" : ctx.event().id()) + "|"
                + ctx.command().action() + "|" + ctx.target() + "|" + ctx.param("documentName", "");
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
