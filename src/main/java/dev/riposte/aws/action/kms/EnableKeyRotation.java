package dev.riposte.aws.action.kms;

import static dev.riposte.aws.client.Requests.request;

import dev.riposte.aws.action.ArnScope;
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
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * {@code kms:enable-key-rotation}: turn on automatic yearly rotation of a customer managed symmetric key. Enabling it
 * twice is no error for KMS; a key pending deletion or an asymmetric key fails with KMS's own code.
 * Public: wiring outside CDI constructs it.
 */
@ApplicationScoped
public class EnableKeyRotation implements SingleChangeAction {
    static final Set<String> GONE = Set.of("NotFoundException");
    private static final String KEY_ID =
            "(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})";
    private static final ActionSpec SPEC = ActionSpec.builder("kms:enable-key-rotation")
            .description(
                    "Turn on automatic rotation of a customer managed KMS key (key id or key ARN; aliases are not accepted by KMS here)")
            .targetType("AWS::KMS::Key")
            .params(ParamSpec.optional("reason", ParamSpec.Type.STRING, "why, for the audit log"))
            .permissions("kms:EnableKeyRotation")
            .build();

    private final AwsClients clients;

    @Inject
    public EnableKeyRotation(AwsClients clients) {
        this.clients = clients;
    }

    @Override
    public ActionSpec spec() {
        return SPEC;
    }

    @Override
    public ActionCommand example() {
        return ActionCommand.of(
                SPEC.id(), "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab");
    }

    @Override
    public List<String> check(ActionCommand command) {
        String t = command.target();
        boolean ok =
                t != null && (t.matches(KEY_ID) || t.matches("arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/" + KEY_ID));
        return ok ? List.of() : List.of(SPEC.id() + " target '" + t + "' is not a KMS key id or key ARN");
    }

    @Override
    public Set<String> goneCodes() {
        return GONE;
    }

    @Override
    public SingleChange change(ActionContext ctx) {
        String key = ctx.target();
        ActionContext where = ArnScope.of(ctx, key);
        return new SingleChange(
                enable(key),
                dryRun -> clients.client("kms", where, KmsClient::builder).enableKeyRotation(b -> b.keyId(key)));
    }

    static AwsRequest enable(String key) {
        return request("kms", "EnableKeyRotation", "KeyId", key);
    }
}
