package dev.riposte.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * CloudTrail records as some data lakes export them, every key in lower case ({@code eventname}, {@code useridentity}):
 * the record's own fields (top level and {@code userIdentity} down to the session issuer) get CloudTrail's names back.
 * Keys inside {@code requestParameters} and {@code responseElements} belong to each service and stay as they are.
 * Only such records pay for the copy.
 */
final class LowercaseKeys {
    private LowercaseKeys() {}

    private static final Map<String, String> NAMES = new HashMap<>();

    static {
        for (String k : new String[] {
            "eventVersion",
            "userIdentity",
            "eventTime",
            "eventSource",
            "eventName",
            "awsRegion",
            "sourceIPAddress",
            "userAgent",
            "errorCode",
            "errorMessage",
            "requestParameters",
            "responseElements",
            "additionalEventData",
            "requestID",
            "eventID",
            "eventType",
            "apiVersion",
            "managementEvent",
            "readOnly",
            "resources",
            "recipientAccountId",
            "serviceEventDetails",
            "sharedEventID",
            "vpcEndpointId",
            "vpcEndpointAccountId",
            "eventCategory",
            "tlsDetails",
            "sessionCredentialFromConsole",
            "edgeDeviceDetails",
            "insightDetails",
            "addendum",
            "eventContext",
            "type",
            "principalId",
            "arn",
            "accountId",
            "accessKeyId",
            "userName",
            "sessionContext",
            "invokedBy",
            "identityProvider",
            "onBehalfOf",
            "credentialId",
            "sessionIssuer",
            "attributes",
            "webIdFederationData",
            "sourceIdentity",
            "ec2RoleDelivery",
            "creationDate",
            "mfaAuthenticated"
        }) {
            NAMES.put(k.toLowerCase(Locale.ROOT), k);
        }
    }

    /** True for a record whose keys are lower case: {@code eventname} without {@code eventName}. */
    static boolean applies(JsonNode doc) {
        return doc.has("eventname") && !doc.has("eventName");
    }

    /** A copy with CloudTrail's names on the record's own fields. */
    static JsonNode canonical(JsonNode doc) {
        ObjectNode out = doc.deepCopy();
        rename(out, 0);
        return out;
    }

    private static void rename(ObjectNode o, int depth) {
        Map<String, JsonNode> renamed = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = NAMES.getOrDefault(e.getKey(), e.getKey());
            JsonNode v = e.getValue();
            if (v instanceof ObjectNode child
                    && depth < 3
                    && (name.equals("userIdentity")
                            || name.equals("sessionContext")
                            || name.equals("sessionIssuer")
                            || name.equals("attributes")
                            || name.equals("onBehalfOf"))) {
                rename(child, depth + 1);
            }
            renamed.put(name, v);
        }
        o.removeAll();
        o.setAll(renamed);
    }
}
