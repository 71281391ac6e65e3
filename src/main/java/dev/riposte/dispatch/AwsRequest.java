package dev.riposte.dispatch;

import java.util.Map;

/** One AWS API request, exactly as planned or sent: {@code ec2 ModifyInstanceAttribute {...}}. */
public record AwsRequest(String service, String operation, Map<String, Object> parameters) {

    public AwsRequest {
        parameters = parameters == null ? Map.of() : parameters;
    }
}
