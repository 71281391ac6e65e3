package dev.riposte.aws.client;

import dev.riposte.config.RiposteConfig;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * CDI wiring of {@link AwsClients} from {@code riposte.aws.*}. Base credentials come from the SDK's default
 * chain, which is only consulted when a call is made: dry-run needs no credentials at all.
 */
@Singleton
class AwsClientsProducer {

    @Produces
    @Singleton
    AwsClients awsClients(RiposteConfig config) {
        RiposteConfig.Aws c = config.aws();
        return new AwsClients(
                new AwsClients.Settings(
                        c.region(),
                        c.endpointOverride().orElse(null),
                        c.assumeRole().orElse(null),
                        c.externalId().orElse(null)),
                DefaultCredentialsProvider.builder().build());
    }

    void close(@Disposes AwsClients clients) {
        clients.close();
    }
}
