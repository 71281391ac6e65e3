package dev.riposte.guard;

import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.riposte.dispatch.ActionCatalogue;
import java.util.List;

/**
 * The guard tests' actions: {@code ec2:isolate-instance} (mutating) and {@code notify:test} as {@link WireHandler}s
 * against a WireMock "AWS" that answers every call 200. One per test, closed after it.
 */
final class WiredActions implements AutoCloseable {
    final WireMockServer aws = new WireMockServer(options().dynamicPort());
    final ActionCatalogue catalogue;

    WiredActions() {
        aws.start();
        aws.stubFor(post(urlPathMatching("/.*")).willReturn(ok()));
        catalogue = new ActionCatalogue(List.of(
                new WireHandler("ec2:isolate-instance", true, aws.baseUrl()),
                new WireHandler("notify:test", false, aws.baseUrl())));
    }

    /** How many calls reached a path matching {@code pathRegex}. */
    int calls(String pathRegex) {
        return aws.findAll(postRequestedFor(urlPathMatching(pathRegex))).size();
    }

    @Override
    public void close() {
        aws.stop();
    }
}
