package dev.riposte.fact;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An IAM or resource policy (S3 bucket policy, KMS key policy, IAM policy document) as rules ask about it: does it
 * grant anyone, or another account, without a condition that narrows who the caller is. Built from a policy as
 * CloudTrail records it: an object ({@code requestParameters.bucketPolicy}) or a JSON string
 * ({@code requestParameters.policy}, {@code policyDocument}). In DRL:
 * <pre>PolicyDocument(grantsPublicAccess) from $e.policy("requestParameters.bucketPolicy")</pre>
 */
public final class PolicyDocument {
    /**
     * Condition keys that limit who or where the caller is, lower-cased (IAM keys are case-insensitive): the keys with
     * which AWS (S3 Block Public Access, IAM Access Analyzer) considers a statement to everyone non-public.
     */
    static final Set<String> RESTRICTING_KEYS = Set.of(
            "aws:sourceaccount",
            "aws:sourcearn",
            "aws:sourceowner",
            "aws:sourceip",
            "aws:sourcevpc",
            "aws:sourcevpce",
            "aws:sourceorgid",
            "aws:sourceorgpaths",
            "aws:principalaccount",
            "aws:principalarn",
            "aws:principalorgid",
            "aws:principalorgpaths",
            "aws:userid",
            "aws:username",
            "aws:calledvia",
            "kms:calleraccount",
            "kms:viaservice");

    private final List<Map<String, Object>> statements;

    private PolicyDocument(List<Map<String, Object>> statements) {
        this.statements = statements;
    }

    /**
     * The policy in {@code value}: a map, or a JSON string of one. Null for null, a blank string (CloudTrail records
     * {@code "policy": ""} next to {@code bucketPolicy}) or anything that is not a policy object, so that a
     * {@code from} over it simply does not match.
     */
    @SuppressWarnings("unchecked")
    public static PolicyDocument of(Object value) {
        Object v = value;
        if (v instanceof String text) {
            if (text.isBlank()) {
                return null;
            }
            try {
                v = Json.parse(text);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        if (!(v instanceof Map<?, ?> policy)) {
            return null;
        }
        Object s = policy.get("Statement");
        List<Map<String, Object>> out = new ArrayList<>();
        if (s instanceof Map<?, ?> one) {
            out.add((Map<String, Object>) one);
        } else if (s instanceof List<?> many) {
            for (Object o : many) {
                if (o instanceof Map<?, ?> m) {
                    out.add((Map<String, Object>) m);
                }
            }
        }
        return new PolicyDocument(Collections.unmodifiableList(out));
    }

    /**
     * True when a condition on {@code key} can limit who or where the caller is (one of {@link #RESTRICTING_KEYS}, any
     * case). Public: the actions that remove public statements ({@code aws.document.PolicyStatements}) ask the same.
     */
    public static boolean isRestrictingKey(Object key) {
        return RESTRICTING_KEYS.contains(String.valueOf(key).toLowerCase(Locale.ROOT));
    }

    /** The statements, as parsed (a single {@code Statement} object is a list of one). */
    public List<Map<String, Object>> statements() {
        return statements;
    }

    /** An {@code Allow} to everyone ({@code "*"}, {@code {"AWS": "*"}}, or a {@code NotPrincipal}) with no narrowing condition. */
    public boolean grantsPublicAccess() {
        return !publicStatements().isEmpty();
    }

    /** An {@code Allow} to an AWS principal of an account other than {@code ownAccount} with no narrowing condition. */
    public boolean grantsCrossAccount(String ownAccount) {
        return !crossAccountStatements(ownAccount).isEmpty();
    }

    /** Either of the above. */
    public boolean grantsPublicOrCrossAccount(String ownAccount) {
        return grantsPublicAccess() || grantsCrossAccount(ownAccount);
    }

    /** The {@code Sid} (or position, from 0, when it has none) of each public statement. */
    public List<String> publicStatements() {
        List<String> out = new ArrayList<>();
        for (int n = 0; n < statements.size(); n++) {
            Map<String, Object> st = statements.get(n);
            if (allows(st)
                    && (st.containsKey("NotPrincipal") || everyone(st.get("Principal")))
                    && !restricted(st.get("Condition"))) {
                out.add(sid(st, n));
            }
        }
        return out;
    }

    /** The {@code Sid} (or position) of each statement granting another account than {@code ownAccount}. */
    public List<String> crossAccountStatements(String ownAccount) {
        List<String> out = new ArrayList<>();
        for (int n = 0; n < statements.size(); n++) {
            Map<String, Object> st = statements.get(n);
            if (allows(st)
                    && !restricted(st.get("Condition"))
                    && st.get("Principal") instanceof Map<?, ?> p
                    && values(p.get("AWS")).stream()
                            .map(PolicyDocument::account)
                            .anyMatch(a -> a != null && !a.equals(ownAccount))) {
                out.add(sid(st, n));
            }
        }
        return out;
    }

    private static String sid(Map<String, Object> st, int n) {
        return st.get("Sid") instanceof String s && !s.isBlank() ? s : String.valueOf(n);
    }

    private static boolean allows(Map<String, Object> st) {
        return "allow".equalsIgnoreCase(String.valueOf(st.get("Effect")));
    }

    private static boolean everyone(Object principal) {
        return "*".equals(principal)
                || principal instanceof Map<?, ?> m && values(m.get("AWS")).contains("*");
    }

    /** The account of an AWS principal: an ARN's fifth field or a bare 12-digit id; null for {@code *} and others. */
    private static String account(String principal) {
        if (principal.matches("\\d{12}")) {
            return principal;
        }
        String[] parts = principal.split(":", 6);
        return parts.length >= 5 && parts[0].equals("arn") && parts[4].matches("\\d{12}") ? parts[4] : null;
    }

    private static List<String> values(Object v) {
        if (v instanceof String s) {
            return List.of(s);
        }
        List<String> out = new ArrayList<>();
        if (v instanceof List<?> l) {
            for (Object o : l) {
                out.add(String.valueOf(o));
            }
        }
        return out;
    }

    /** A condition on one of {@link #RESTRICTING_KEYS} whose values are not all wildcards. */
    private static boolean restricted(Object condition) {
        if (condition instanceof Map<?, ?> operators) {
            for (Object keys : operators.values()) {
                if (keys instanceof Map<?, ?> m) {
                    for (Map.Entry<?, ?> e : m.entrySet()) {
                        if (isRestrictingKey(e.getKey())
                                && !values(e.getValue()).isEmpty()
                                && !values(e.getValue()).contains("*")) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "PolicyDocument" + statements;
    }
}
