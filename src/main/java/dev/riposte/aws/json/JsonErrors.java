package dev.riposte.aws.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * Turns an AWS JSON error answer into the {@link AwsServiceException} the SDK itself would throw, so code that handles
 * SDK errors ({@code aws.action.Execution}: "already done" and "gone" codes, request ids) handles these the same way.
 * The code comes from the {@code x-amzn-ErrorType} header, else the body's {@code __type} or {@code code}; AWS may
 * qualify it ({@code aws.protocoltests#ThrottlingException}, {@code AccessDeniedException:http://internal...}), so
 * the namespace before '#' and anything after ':' are cut off.
 */
final class JsonErrors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonErrors() {}

    static AwsServiceException parse(String service, SdkHttpResponse response, String body) {
        JsonNode doc = parseQuietly(body);
        String code = response.firstMatchingHeader("x-amzn-ErrorType")
                .map(JsonErrors::bareCode)
                .orElse(null);
        if (code == null || code.isEmpty()) {
            code = bareCode(firstText(doc, "__type", "code", "Code"));
        }
        if (code == null || code.isEmpty()) {
            code = "HTTP" + response.statusCode();
        }
        String message = firstText(doc, "message", "Message", "errorMessage");
        if (message == null) {
            message = response.statusText().orElse("HTTP " + response.statusCode());
        }
        String requestId = requestId(response);
        return AwsServiceException.builder()
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode(code)
                        .errorMessage(message)
                        .serviceName(service)
                        .sdkHttpResponse(response)
                        .build())
                .statusCode(response.statusCode())
                .requestId(requestId)
                .build();
    }

    /** {@code ns#Code:detail} -> {@code Code}; null stays null. */
    static String bareCode(String raw) {
        if (raw == null) {
            return null;
        }
        String c = raw.strip();
        int hash = c.lastIndexOf('#');
        if (hash >= 0) {
            c = c.substring(hash + 1);
        }
        int colon = c.indexOf(':');
        if (colon >= 0) {
            c = c.substring(0, colon);
        }
        return c.strip();
    }

    static String requestId(SdkHttpResponse response) {
        return response.firstMatchingHeader("x-amzn-RequestId")
                .or(() -> response.firstMatchingHeader("x-amz-request-id"))
                .orElse(null);
    }

    private static JsonNode parseQuietly(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null; // an HTML error page from a proxy: the status line tells what happened
        }
    }

    private static String firstText(JsonNode doc, String... names) {
        if (doc == null || !doc.isObject()) {
            return null;
        }
        for (String n : names) {
            JsonNode v = doc.get(n);
            if (v != null && v.isTextual()) {
                return v.asText();
            }
        }
        return null;
    }
}
