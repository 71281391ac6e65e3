package dev.riposte.aws.action.kms;

import static dev.riposte.aws.client.Requests.request;

import dev.riposte.aws.action.ArnScope;
import dev.riposte.aws.action.AwsHandler;
import dev.riposte.aws.action.SingleChange;
import dev.riposte.aws.action.SingleChangeAction;
import dev.riposte.aws.action.Target;
import dev.riposte.aws.client.AwsClients;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.ActionSpec;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.ParamSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * {@code kms:enable-key-rotation}: turn on automatic yearly rotation of a customer managed symmetric key. Enabling it
 * twice is no error for KMS; a key pending deletion or an asymmetric key fails with KMS's own code.
 * Public: wiring outside CDI constructs it.
 */
@ApplicationScoped
public class EnableKeyRotation extends AwsHandler implements SingleChangeAction {
    private static final String KEY_ID =
            "(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})";
    static final Target KEY = Target.matching(
            "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            Set.of("NotFoundException"),
            "a KMS key id or key ARN",
            KEY_ID,
            "arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/" + KEY_ID);
    private static final ActionSpec SPEC = ActionSpec.builder("kms:enable-key-rotation")
            .description(
                    "Turn on automatic rotation of a customer managed KMS key (key id or key ARN; aliases are not accepted by KMS here)")
            .targetType("AWS::KMS::Key")
            .params(ParamSpec.optional("reason", ParamSpec.Type.STRING, "why, for the audit log"))
            .permissions("kms:EnableKeyRotation")
            .build();

    @Inject
    public EnableKeyRotation(AwsClients clients) {
        super(SPEC, KEY, clients);
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
