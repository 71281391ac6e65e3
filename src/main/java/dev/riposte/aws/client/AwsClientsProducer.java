package dev.riposte.aws.client;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * CDI wiring of {@link AwsClients} from {@code riposte.aws.*}. Base credentials come from the SDK's default
 * chain, which is only consulted when a call is made: dry-run needs no credentials at all.
 */
@Singleton
class AwsClientsProducer {

    @Produces
    @Singleton
    AwsClients awsClients(@ConfigProperty(name = "riposte.aws.region", defaultValue = "us-east-1") String region,
                          @ConfigProperty(name = "riposte.aws.endpoint-override") Optional<URI> endpointOverride,
                          @ConfigProperty(name = "riposte.aws.assume-role") Optional<String> assumeRole,
                          @ConfigProperty(name = "riposte.aws.external-id") Optional<String> externalId) {
        return new AwsClients(new AwsClients.Settings(region, endpointOverride.orElse(null), assumeRole.orElse(null),
                externalId.orElse(null)), DefaultCredentialsProvider.builder().build());
    }

    void close(@Disposes AwsClients clients) {
        clients.close();
    }
}
