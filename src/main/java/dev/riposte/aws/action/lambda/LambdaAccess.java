package dev.riposte.aws.action.lambda;

import java.util.List;

/** Lambda function names as Lambda accepts them: a name, a partial ARN ({@code 111122223333:function:f}) or a full ARN. */
final class LambdaAccess {
    private static final String NAME =
            "(arn:aws[a-z-]*:lambda:[a-z0-9-]+:)?(\\d{12}:)?(function:)?[a-zA-Z0-9_-]{1,64}(:(\\$LATEST|[a-zA-Z0-9_-]+))?";

    private LambdaAccess() {}

    static List<String> checkFunction(String actionId, String what, String value) {
        return value != null && value.matches(NAME)
                ? List.of()
                : List.of(actionId + " " + what + " '" + value + "' is not a Lambda function name or ARN");
    }
}
