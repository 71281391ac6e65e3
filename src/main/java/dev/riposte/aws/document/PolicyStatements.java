package dev.riposte.aws.document;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riposte.fact.PolicyDocument;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the statements of a resource policy (S3 bucket, Lambda function) that let anyone in: {@code Allow} to
 * principal {@code "*"} or {@code {"AWS": "*"}} with no condition that narrows who that is (source account, ARN,
 * IP, VPC endpoint, organization: the condition keys {@link PolicyDocument} names for rules). A statement with only,
 * say, {@code aws:SecureTransport} is still public.
 * Public: the s3 and lambda packages use it.
 */
public final class PolicyStatements {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PolicyStatements() {}

    /** A policy document parsed into ordered maps and lists. */
    public static Map<String, Object> parse(String policy) {
        try {
            return JSON.readValue(policy, new TypeReference<LinkedHashMap<String, Object>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("policy is not a JSON object: " + e.getOriginalMessage(), e);
        }
    }

    public static String write(Map<String, Object> policy) {
        try {
            return JSON.writeValueAsString(policy);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The policy's statements; {@code Statement} may be one object or a list. */
    public static List<Map<String, Object>> statements(Map<String, Object> policy) {
        return PolicyDocument.of(policy).statements();
    }

    /** True when {@code statement} allows everyone with no narrowing condition. */
    public static boolean isPublic(Map<String, Object> statement) {
        return "allow".equalsIgnoreCase(String.valueOf(statement.get("Effect")))
                && isEveryone(statement.get("Principal"))
                && !restricted(statement.get("Condition"));
    }

    /** The policy without its public statements (same order, other members kept). */
    public static Map<String, Object> withoutPublic(Map<String, Object> policy) {
        Map<String, Object> out = new LinkedHashMap<>(policy);
        out.put(
                "Statement",
                statements(policy).stream().filter(s -> !isPublic(s)).toList());
        return out;
    }

    private static boolean isEveryone(Object principal) {
        if ("*".equals(principal)) {
            return true;
        }
        if (principal instanceof Map<?, ?> m) {
            Object aws = m.get("AWS");
            return "*".equals(aws) || (aws instanceof List<?> l && l.contains("*"));
        }
        return false;
    }

    private static boolean restricted(Object condition) {
        if (!(condition instanceof Map<?, ?> operators)) {
            return false;
        }
        for (Object keys : operators.values()) {
            if (keys instanceof Map<?, ?> m) {
                for (Object key : m.keySet()) {
                    if (PolicyDocument.isRestrictingKey(key)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
