package dev.riposte.aws.json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A successful answer of a JSON-protocol AWS API: the parsed body (an empty object when AWS sent none) and AWS's request
 * id ({@code x-amzn-RequestId}). Public: handlers read the body; {@code aws.action.Execution} records the request id.
 */
public record JsonResponse(JsonNode body, String requestId) {}
