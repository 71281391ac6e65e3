package dev.riposte.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The permissions of {@code riposte iam-policy} that can be narrowed below {@code Resource: *}: the IAM writes, the
 * dangerous ones (attaching a policy or writing an inline one is a path to privilege escalation). Each becomes a
 * statement of its own whose resources are the users or roles of one account and, for attaching, a condition that
 * the policy attached is AWSDenyAll ({@code iam:PolicyARN}, which AttachUserPolicy and AttachRolePolicy support).
 * PutRolePolicy cannot be narrowed to the policy name or document Riposte writes (IAM has no condition key for
 * either), and UpdateAccessKey has no key for the new status; both are limited to the account's roles / users.
 */
final class PolicyScopes {
    static final String DENY_ALL_ARN = "arn:aws:iam::aws:policy/AWSDenyAll";

    /** One statement: its Sid, the permissions it takes over from RiposteActions, resource ARN patterns ({account}). */
    record Scope(String sid, Set<String> actions, List<String> resources, Map<String, Object> condition) {}

    static final List<Scope> SCOPES = List.of(
            new Scope(
                    "RiposteAttachDenyAllOnly",
                    Set.of("iam:AttachUserPolicy", "iam:AttachRolePolicy"),
                    List.of("arn:aws:iam::{account}:user/*", "arn:aws:iam::{account}:role/*"),
                    Map.of("ArnEquals", Map.of("iam:PolicyARN", DENY_ALL_ARN))),
            new Scope(
                    "RiposteRevokeRoleSessions",
                    Set.of("iam:PutRolePolicy"),
                    List.of("arn:aws:iam::{account}:role/*"),
                    Map.of()),
            new Scope(
                    "RiposteDeactivateAccessKeys",
                    Set.of("iam:UpdateAccessKey"),
                    List.of("arn:aws:iam::{account}:user/*"),
                    Map.of()));

    private PolicyScopes() {}

    /**
     * The statements for {@code permissions}: RiposteActions on {@code *} with what cannot be narrowed, then one
     * statement per scope that any permission falls in.
     */
    static List<Map<String, Object>> statements(SortedSet<String> permissions, String account) {
        SortedSet<String> rest = new TreeSet<>(permissions);
        List<Map<String, Object>> scoped = new ArrayList<>();
        for (Scope s : SCOPES) {
            SortedSet<String> mine = new TreeSet<>(permissions);
            mine.retainAll(s.actions());
            if (mine.isEmpty()) {
                continue;
            }
            rest.removeAll(mine);
            List<String> resources = s.resources().stream()
                    .map(r -> r.replace("{account}", account))
                    .toList();
            Map<String, Object> statement =
                    statement(s.sid(), mine, resources.size() == 1 ? resources.get(0) : resources);
            if (!s.condition().isEmpty()) {
                statement.put("Condition", s.condition());
            }
            scoped.add(statement);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        if (!rest.isEmpty()) {
            out.add(statement("RiposteActions", rest, "*"));
        }
        out.addAll(scoped);
        return out;
    }

    static Map<String, Object> statement(String sid, SortedSet<String> actions, Object resource) {
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("Sid", sid);
        statement.put("Effect", "Allow");
        statement.put("Action", List.copyOf(actions));
        statement.put("Resource", resource);
        return statement;
    }
}
