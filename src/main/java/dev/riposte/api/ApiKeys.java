package dev.riposte.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The admin API's keys, from {@code riposte.admin.api-keys}: comma-separated {@code name:role:sha256-hex} entries
 * (only hashes are configured, never keys; {@code echo -n KEY | sha256sum}). Roles: {@code viewer} reads,
 * {@code operator} also resets the breaker and decides approvals. No keys configured means no access at all.
 */
final class ApiKeys {
    enum Role {
        viewer,
        operator
    }

    record Key(String name, Role role, byte[] sha256) {}

    /** @param status 200 allowed, 401 no or unknown key, 403 known key without the role */
    record Access(int status, String principal, String reason) {
        boolean allowed() {
            return status == 200;
        }
    }

    private final List<Key> keys;

    ApiKeys(List<Key> keys) {
        this.keys = List.copyOf(keys);
    }

    /** @throws IllegalArgumentException naming the bad entry (the hash itself is not echoed) */
    static ApiKeys parse(String config) {
        List<Key> keys = new ArrayList<>();
        if (config == null || config.isBlank()) {
            return new ApiKeys(keys);
        }
        int n = 0;
        for (String entry : config.split(",")) {
            n++;
            String e = entry.strip();
            if (e.isEmpty()) {
                continue;
            }
            String[] parts = e.split(":");
            if (parts.length != 3 || parts[0].isBlank()) {
                throw new IllegalArgumentException(
                        "riposte.admin.api-keys entry " + n + " must be name:role:sha256-hex");
            }
            Role role;
            try {
                role = Role.valueOf(parts[1].strip().toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException x) {
                throw new IllegalArgumentException(
                        "riposte.admin.api-keys entry " + n + " (" + parts[0] + "): role must be viewer or operator");
            }
            String hex = parts[2].strip().toLowerCase(Locale.ROOT);
            if (!hex.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("riposte.admin.api-keys entry " + n + " (" + parts[0]
                        + "): the key must be given as its SHA-256, 64 hex digits");
            }
            keys.add(new Key(parts[0].strip(), role, HexFormat.of().parseHex(hex)));
        }
        return new ApiKeys(keys);
    }

    Access check(String presented, Role needed) {
        if (presented == null || presented.isBlank()) {
            return new Access(401, null, "an API key is required (X-API-Key header or Authorization: Bearer)");
        }
        byte[] hash = sha256(presented.strip());
        Key match = null;
        for (Key k : keys) {
            if (MessageDigest.isEqual(hash, k.sha256())) { // constant time per comparison
                match = k;
            }
        }
        if (match == null) {
            return new Access(401, null, "unknown API key");
        }
        if (needed == Role.operator && match.role() != Role.operator) {
            return new Access(403, match.name(), "key '" + match.name() + "' is a viewer; this needs an operator key");
        }
        return new Access(200, match.name(), null);
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
