package dev.riposte.aws.action.s3;

import dev.riposte.aws.action.Target;
import dev.riposte.aws.client.S3Access;

/** The S3 resource the bucket actions act on: one bucket, by name or ARN. */
final class S3Targets {
    static final Target BUCKET = new Target("arn:aws:s3:::example-bucket", S3Access::checkBucket, S3Access.BUCKET_GONE);

    private S3Targets() {}
}
