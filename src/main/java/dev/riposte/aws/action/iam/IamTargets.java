package dev.riposte.aws.action.iam;

import dev.riposte.aws.action.Target;
import dev.riposte.aws.document.IamNames;

/** The IAM resource most iam actions act on: one user, by name or ARN. */
final class IamTargets {
    static final Target USER = new Target("alice", IamNames::checkUser, IamErrors.GONE);

    private IamTargets() {}
}
