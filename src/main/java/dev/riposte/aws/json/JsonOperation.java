package dev.riposte.aws.json;

import java.util.Objects;

/**
 * One operation of a JSON-protocol AWS API, as the service model defines it. REST-JSON operations (GuardDuty, Security Hub)
 * have an HTTP method and a path template whose {@code {name}} parts are taken from the parameters; the other parameters
 * form the JSON body. JSON 1.1 operations (WAFv2) are {@code POST /} with an {@code X-Amz-Target} header and every
 * parameter in the body. Public: the handlers of the guardduty, securityhub and wafv2 packages declare theirs.
 *
 * @param service   the endpoint prefix and SigV4 signing name ({@code guardduty}, {@code securityhub}, {@code wafv2})
 * @param name      the operation as the API reference names it ({@code ArchiveFindings}); the audit log shows it
 * @param method    HTTP method ({@code POST}, {@code PATCH}, {@code GET})
 * @param path      path template ({@code /detector/{detectorId}/findings/archive}), {@code /} for JSON 1.1
 * @param target    {@code X-Amz-Target} of a JSON 1.1 operation ({@code AWSWAF_20190729.GetIPSet}), null for REST-JSON
 */
public record JsonOperation(String service, String name, String method, String path, String target) {

    public JsonOperation {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/': " + path);
        }
    }

    /** A REST-JSON operation: {@code rest("guardduty", "ArchiveFindings", "POST", "/detector/{detectorId}/findings/archive")}. */
    public static JsonOperation rest(String service, String name, String method, String path) {
        return new JsonOperation(service, name, method, path, null);
    }

    /** A JSON 1.1 operation: {@code POST /} with {@code X-Amz-Target: <targetPrefix>.<name>}. */
    public static JsonOperation json11(String service, String targetPrefix, String name) {
        return new JsonOperation(service, name, "POST", "/", targetPrefix + "." + name);
    }

    boolean isJson11() {
        return target != null;
    }
}
