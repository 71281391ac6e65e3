package dev.riposte.aws.action.s3;

import static dev.riposte.aws.client.Requests.request;

import dev.riposte.aws.action.ArnScope;
import dev.riposte.aws.action.AwsHandler;
import dev.riposte.aws.action.Execution;
import dev.riposte.aws.action.ReportDocument;
import dev.riposte.aws.client.AwsClients;
import dev.riposte.aws.client.S3Access;
import dev.riposte.command.ActionCommand;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.ActionSpec;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.ExecutionResult;
import dev.riposte.dispatch.ParamSpec;
import dev.riposte.fact.SecurityEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * {@code s3:put-object}: archive the event and its investigation report in an S3 bucket, under
 * {@code <prefix><account>/<yyyy>/<MM>/<dd>/<eventId>.json} ({@code {event, report}}) and, when there is a report,
 * {@code .md} beside it; the date is the event's (UTC). The bucket is Riposte's archive, not the event's account: it
 * is written with Riposte's own credentials in the {@code region} given (default {@code riposte.aws.region}), and,
 * with {@code expectedBucketOwner}, only if that account owns it. Re-archiving an event overwrites its objects. Not
 * mutating. Public: wiring outside CDI constructs it.
 */
@ApplicationScoped
public class PutObject extends AwsHandler {
    static final String DEFAULT_PREFIX = "riposte/";
    /** One JSON object per event: far below S3's limits, but a runaway raw detail should not make a 100 MB object. */
    static final int MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;

    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
    private static final ActionSpec SPEC = ActionSpec.builder("s3:put-object")
            .description(
                    "Archive the event and its investigation report to s3://bucket/<prefix><account>/<yyyy>/<MM>/<dd>/<eventId>.json"
                            + " (and .md), with Riposte's own credentials")
            .params(
                    ParamSpec.required("bucket", ParamSpec.Type.STRING, "archive bucket name"),
                    ParamSpec.optional("prefix", ParamSpec.Type.STRING, "key prefix (default riposte/)"),
                    ParamSpec.optional(
                            "region", ParamSpec.Type.STRING, "the bucket's region (default riposte.aws.region)"),
                    ParamSpec.optional(
                            "expectedBucketOwner", ParamSpec.Type.STRING, "12-digit account that must own the bucket"))
            .permissions("s3:PutObject")
            .mutating(false)
            .build();

    @Inject
    public PutObject(AwsClients clients) {
        super(SPEC, clients);
    }

    @Override
    public ActionCommand example() {
        return ActionCommand.of(SPEC.id(), null).with("bucket", "riposte-archive");
    }

    @Override
    public boolean carriesReport() {
        return true;
    }

    @Override
    public List<String> check(ActionCommand command) {
        List<String> problems = new ArrayList<>(
                S3Access.checkBucket(SPEC.id(), String.valueOf(command.params().get("bucket"))));
        Object prefix = command.params().get("prefix");
        if (prefix != null
                && (String.valueOf(prefix).startsWith("/")
                        || String.valueOf(prefix).length() > 512)) {
            problems.add(SPEC.id() + " prefix must not start with / and must be at most 512 characters");
        }
        Object region = command.params().get("region");
        if (region != null && !String.valueOf(region).matches("[a-z]{2}(-[a-z]+)+-\\d")) {
            problems.add(SPEC.id() + " region '" + region + "' is not an AWS region name");
        }
        Object owner = command.params().get("expectedBucketOwner");
        if (owner != null && !String.valueOf(owner).matches("\\d{12}")) {
            problems.add(SPEC.id() + " expectedBucketOwner '" + owner + "' is not a 12-digit account id");
        }
        return problems;
    }

    @Override
    public List<AwsRequest> plan(ActionContext ctx) {
        return plan(ctx, ReportDocument.json(ctx, MAX_DOCUMENT_BYTES));
    }

    private List<AwsRequest> plan(ActionContext ctx, String document) {
        List<AwsRequest> out = new ArrayList<>();
        String key = key(ctx);
        out.add(put(ctx, key + ".json", "application/json", document));
        if (ctx.report() != null) {
            out.add(put(
                    ctx,
                    key + ".md",
                    "text/markdown; charset=utf-8",
                    ctx.report().markdown()));
        }
        return out;
    }

    @Override
    public ExecutionResult execute(ActionContext ctx) {
        String document = ReportDocument.json(ctx, MAX_DOCUMENT_BYTES);
        List<AwsRequest> plan = plan(ctx, document);
        String bucket = ctx.param("bucket", null);
        String owner = ctx.param("expectedBucketOwner", null);
        ActionContext home =
                ArnScope.own(ctx, ctx.param("region", clients.settings().region()));
        List<String> bodies = ctx.report() == null
                ? List.of(document)
                : List.of(document, ctx.report().markdown());
        return Execution.execute(Set.of(), exec -> {
            for (int i = 0; i < plan.size(); i++) {
                AwsRequest shown = plan.get(i);
                String body = bodies.get(i);
                exec.change(
                        shown,
                        Set.of(),
                        () -> S3Access.s3(clients, home)
                                .putObject(
                                        b -> b.bucket(bucket)
                                                .key((String) shown.parameters().get("Key"))
                                                .contentType((String)
                                                        shown.parameters().get("ContentType"))
                                                .expectedBucketOwner(owner),
                                        RequestBody.fromString(body)));
            }
            return exec.succeeded();
        });
    }

    /** {@code <prefix><account>/<yyyy>/<MM>/<dd>/<eventId>}, the id made safe for a key like the report's file name. */
    static String key(ActionContext ctx) {
        SecurityEvent e = ctx.event();
        if (e == null) {
            throw new IllegalArgumentException(SPEC.id() + " archives an event: there is none");
        }
        String account = e.account() == null ? "unknown-account" : e.account();
        String id = e.id().replaceAll("[^A-Za-z0-9._-]", "_");
        return ctx.param("prefix", DEFAULT_PREFIX) + account + "/" + DAY.format(e.time()) + "/" + id;
    }

    static AwsRequest put(ActionContext ctx, String key, String contentType, String body) {
        return request(
                "s3",
                "PutObject",
                "Bucket",
                ctx.param("bucket", null),
                "Key",
                key,
                "ContentType",
                contentType,
                "ExpectedBucketOwner",
                ctx.param("expectedBucketOwner", null),
                "Body",
                ReportDocument.digest(body));
    }
}
