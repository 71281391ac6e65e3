package dev.riposte.aws.action.iam;

import java.util.Set;

/** IAM's way of saying "that user, key, role or group no longer exists". */
final class IamErrors {
    static final Set<String> GONE = Set.of("NoSuchEntity");

    private IamErrors() {}
}
