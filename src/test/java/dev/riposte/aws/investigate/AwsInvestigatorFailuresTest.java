package dev.riposte.aws.investigate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.dispatch.ActionContext;
import dev.riposte.fact.InvestigationIncomplete;
import dev.riposte.fact.SecurityEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Issue 18.9: a step that cannot run says why and how to fix it in one line, and the service log warns once per cause. */
class AwsInvestigatorFailuresTest {
    /** The SDK's message when no credentials are found: about 1.5 kB, one provider after another. */
    static final String NO_CREDENTIALS = "Unable to load credentials from any of the providers in the chain "
            + "AwsCredentialsProviderChain(credentialsProviders=[SystemPropertyCredentialsProvider(), "
            + "EnvironmentVariableCredentialsProvider(), WebIdentityTokenCredentialsProvider(), ProfileCredentialsProvider("
            + "profileName=default, profileFile=ProfileFile(sections=[])), ContainerCredentialsProvider(), "
            + "InstanceProfileCredentialsProvider()]) : [SystemPropertyCredentialsProvider(): Unable to load credentials from "
            + "system settings. Access key must be specified either via environment variable (AWS_ACCESS_KEY_ID) or system "
            + "property (aws.accessKeyId)., ...]";

    static InvestigationStep failing(String name, RuntimeException failure) {
        return new InvestigationStep() {
            public String name() {
                return name;
            }

            public List<String> permissions() {
                return List.of();
            }

            public List<String> targets(SecurityEvent event) {
                return List.of("x");
            }

            public Object gather(ActionContext ctx, String target, Consumer<String> problems) {
                throw failure;
            }

            public Object forEvent(Object context, String eventId) {
                return context;
            }
        };
    }

    @Test
    void missingCredentialsAreOneLineWithTheFixAndOneWarning() {
        List<LogRecord> warnings = new ArrayList<>();
        Handler h = new Handler() {
            public void publish(LogRecord r) {
                warnings.add(r);
            }

            public void flush() {}

            public void close() {}
        };
        Logger log = Logger.getLogger(AwsInvestigator.class.getName());
        log.addHandler(h);
        SdkClientException noCredentials = SdkClientException.create(NO_CREDENTIALS);
        try (AwsInvestigator inv = new AwsInvestigator(
                List.of(failing("test:a", noCredentials), failing("test:b", noCredentials)),
                Duration.ofSeconds(5),
                Duration.ZERO)) {
            List<Object> first = inv.investigate(AwsInvestigatorTest.ec2Finding("evt-1"));
            List<Object> second = inv.investigate(AwsInvestigatorTest.ec2Finding("evt-2"));
            assertThat(first).hasSize(2).allSatisfy(f -> {
                String reason = ((InvestigationIncomplete) f).reason();
                assertThat(reason)
                        .startsWith("no AWS credentials")
                        .contains("riposte.investigate.enabled=false")
                        .doesNotContain("\n")
                        .hasSizeLessThan(300);
            });
            assertThat(second).hasSize(2);
        } finally {
            log.removeHandler(h);
        }
        assertThat(warnings)
                .as("one WARN for one cause, over two steps and two events")
                .hasSize(1);
        assertThat(warnings.get(0).getLevel()).isEqualTo(Level.WARNING);
        assertThat(warnings.get(0).getMessage()).contains("no AWS credentials");
    }

    @Test
    void anotherFailureIsItsClassAndFirstLine() {
        assertThat(StepFailures.describe(new IllegalStateException("broken\nstack of details"), List.of()))
                .isEqualTo("IllegalStateException: broken");
    }
}
