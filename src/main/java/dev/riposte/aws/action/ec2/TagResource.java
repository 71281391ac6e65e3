package dev.riposte.aws.action.ec2;

import static dev.riposte.aws.client.Requests.params;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * {@code ec2:tag-resource}: put tags on any EC2 resource (mark it as under investigation, record the event).
 * CreateTags overwrites values, so repeating it converges. Public: wiring outside CDI constructs it.
 */
@ApplicationScoped
public class TagResource extends AwsHandler implements SingleChangeAction {
    private static final ActionSpec SPEC = ActionSpec.builder("ec2:tag-resource")
            .description("Add or overwrite tags on an EC2 resource (instance, volume, snapshot, security group, ...)")
            .targetType("AWS::EC2::*")
            .params(
                    ParamSpec.required(
                            "tags",
                            ParamSpec.Type.MAP,
                            "tag keys and values, e.g. {\"riposte:status\": \"investigating\"}"),
                    ParamSpec.optional("reason", ParamSpec.Type.STRING, "why, for the audit log"))
            .permissions("ec2:CreateTags")
            .awsDryRun(true)
            .build();

    @Inject
    public TagResource(AwsClients clients) {
        super(SPEC, Ec2Targets.ANY, clients);
    }

    @Override
    public ActionCommand example() {
        return super.example().with("tags", Map.of("riposte:status", "investigating"));
    }

    @Override
    public List<String> check(ActionCommand command) {
        List<String> problems = new ArrayList<>(super.check(command));
        Map<?, ?> tags = (Map<?, ?>) command.params().get("tags");
        if (tags.isEmpty()) {
            problems.add("ec2:tag-resource needs at least one tag");
        }
        tags.forEach((k, v) -> {
            String key = String.valueOf(k);
            if (key.isEmpty()
                    || key.length() > 128
                    || key.toLowerCase(Locale.ROOT).startsWith("aws:")) {
                problems.add("ec2:tag-resource tag key '" + key + "' must be 1-128 characters and not start with aws:");
            }
            if (v == null || String.valueOf(v).length() > 256) {
                problems.add("ec2:tag-resource tag '" + key + "' needs a value of at most 256 characters");
            }
        });
        return problems;
    }

    @Override
    public SingleChange change(ActionContext ctx) {
        String id = Ec2Ids.requireId(ctx.target(), null, "an EC2 resource id");
        Map<String, String> tags = tags(ctx);
        List<Tag> sdkTags = tags.entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                .toList();
        return new SingleChange(
                tag(id, tags),
                dryRun -> clients.ec2(ctx)
                        .createTags(b -> b.dryRun(dryRun).resources(id).tags(sdkTags)));
    }

    /** Sorted by key: the same command always sends the same request. */
    private static Map<String, String> tags(ActionContext ctx) {
        Map<String, String> tags = new TreeMap<>();
        ((Map<?, ?>) ctx.command().params().get("tags"))
                .forEach((k, v) -> tags.put(String.valueOf(k), String.valueOf(v)));
        return tags;
    }

    static AwsRequest tag(String id, Map<String, String> tags) {
        return request(
                "ec2",
                "CreateTags",
                "Resources",
                List.of(id),
                "Tags",
                tags.entrySet().stream()
                        .map(e -> params("Key", e.getKey(), "Value", e.getValue()))
                        .toList());
    }
}
