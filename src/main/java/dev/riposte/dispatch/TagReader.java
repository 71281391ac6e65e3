package dev.riposte.dispatch;

import java.util.Map;
import java.util.Optional;

/**
 * Reads a resource's tags as they are now, at action time, so that a resource tagged exempt after the event
 * was raised is still left alone. Public SPI: the guard rails call it and {@code aws.tags} implements it
 * (a CDI bean). Without an implementation, the guard rails use the tags the event carried.
 */
public interface TagReader {

    /**
     * @param resourceType CloudFormation type ({@code AWS::EC2::Instance}), may be null when unknown
     * @return the current tags, or empty when this reader does not know how to read tags of that type
     * @throws RateLimitedException when the read could not have its rate-limit token in time (the command is deferred)
     * @throws RuntimeException when the tags could not be read (the guard rails then fail closed)
     */
    Optional<Map<String, String>> currentTags(String account, String region, String resourceType, String resourceId);
}
