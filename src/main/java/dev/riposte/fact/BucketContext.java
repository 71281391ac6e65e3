package dev.riposte.fact;

import java.util.List;

/**
 * What the investigation found about an S3 bucket an event names, inserted beside the {@link SecurityEvent}
 * {@code eventId} for the same evaluation.
 *
 * @param eventId      the SecurityEvent id this context was gathered for
 * @param bucket       the bucket name
 * @param bucketBlock  the bucket's Block Public Access settings, null when it has none
 * @param accountBlock the account's Block Public Access settings (they apply to every bucket), null when none
 * @param policyPublic S3's own verdict on the bucket policy (GetBucketPolicyStatus); false when there is no policy,
 *                     null when it could not be read
 * @param publicGrants ACL grants to everyone or to any AWS account, as {@code AllUsers:READ},
 *                     {@code AuthenticatedUsers:WRITE}...
 * @param encryption   default encryption algorithm ({@code AES256}, {@code aws:kms}, {@code aws:kms:dsse}), null when
 *                     none or unknown
 * @param versioning   {@code Enabled} or {@code Suspended}; null when versioning was never turned on
 * @param complete     false when a part could not be read (an {@link InvestigationIncomplete} says which)
 */
public record BucketContext(
        String eventId,
        String bucket,
        PublicAccessBlock bucketBlock,
        PublicAccessBlock accountBlock,
        Boolean policyPublic,
        List<String> publicGrants,
        String encryption,
        String versioning,
        boolean complete)
        implements EventContext {

    /** The four Block Public Access settings. */
    public record PublicAccessBlock(
            boolean blockPublicAcls,
            boolean ignorePublicAcls,
            boolean blockPublicPolicy,
            boolean restrictPublicBuckets) {
        /** All four on. */
        public boolean isFull() {
            return blockPublicAcls && ignorePublicAcls && blockPublicPolicy && restrictPublicBuckets;
        }
    }

    public BucketContext {
        publicGrants = publicGrants == null ? List.of() : List.copyOf(publicGrants);
    }

    /** The same context for another event (a cached investigation). */
    public BucketContext withEventId(String id) {
        return new BucketContext(
                id, bucket, bucketBlock, accountBlock, policyPublic, publicGrants, encryption, versioning, complete);
    }

    /**
     * Readable by outsiders now: a public policy that no {@code RestrictPublicBuckets} (bucket or account) neutralises,
     * or a public ACL grant that no {@code IgnorePublicAcls} does.
     */
    public boolean isPublic() {
        boolean restrict = (bucketBlock != null && bucketBlock.restrictPublicBuckets())
                || (accountBlock != null && accountBlock.restrictPublicBuckets());
        boolean ignoreAcls = (bucketBlock != null && bucketBlock.ignorePublicAcls())
                || (accountBlock != null && accountBlock.ignorePublicAcls());
        return (Boolean.TRUE.equals(policyPublic) && !restrict) || (!publicGrants.isEmpty() && !ignoreAcls);
    }

    /** All four Block Public Access settings on, for the bucket or for its account. */
    public boolean isFullyBlocked() {
        return (bucketBlock != null && bucketBlock.isFull()) || (accountBlock != null && accountBlock.isFull());
    }

    public boolean isEncrypted() {
        return encryption != null;
    }

    public boolean isVersioned() {
        return "Enabled".equals(versioning);
    }
}
