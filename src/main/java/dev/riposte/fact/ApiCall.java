package dev.riposte.fact;

/**
 * CloudTrail-specific facts about the API call behind the {@link SecurityEvent} {@code eventId}.
 *
 * @param eventId          the SecurityEvent id (CloudTrail eventID)
 * @param eventSource      service endpoint, e.g. {@code iam.amazonaws.com}
 * @param eventName        API name, e.g. {@code CreateAccessKey}
 * @param eventType        {@code AwsApiCall|AwsConsoleSignIn|AwsServiceEvent|AwsCloudTrailInsight}...
 * @param errorCode        error code of a failed call, else null
 * @param errorMessage     error message of a failed call, else null
 * @param readOnly         true for read-only calls, null when CloudTrail does not say
 * @param userAgent        the caller's user agent
 * @param mfaUsed          MFA used for the sign-in or session, null when unknown
 * @param sessionIssuerArn for assumed roles and federated users, the role or user that issued the session
 * @param vpcEndpointId    VPC endpoint the call came through, else null
 */
public record ApiCall(
        String eventId,
        String eventSource,
        String eventName,
        String eventType,
        String errorCode,
        String errorMessage,
        Boolean readOnly,
        String userAgent,
        Boolean mfaUsed,
        String sessionIssuerArn,
        String vpcEndpointId) {

    public boolean failed() {
        return errorCode != null;
    }

    public boolean accessDenied() {
        return errorCode != null
                && (errorCode.contains("AccessDenied")
                        || errorCode.contains("UnauthorizedOperation")
                        || errorCode.equals("Client.UnauthorizedOperation"));
    }
}
