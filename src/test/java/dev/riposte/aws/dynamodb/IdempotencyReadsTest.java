package dev.riposte.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.command.ActionCommand;
import dev.riposte.dispatch.ActionCatalogue;
import dev.riposte.dispatch.DispatchResult;
import dev.riposte.dispatch.DispatchSettings;
import dev.riposte.dispatch.Dispatcher;
import dev.riposte.fact.Events;
import dev.riposte.fact.SecurityEvent;
import dev.riposte.idempotency.IdempotencyCheck;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The idempotency check's reads on DynamoDB (moto), counted as the SDK sends them: one round trip reads the command's
 * record and the one an older version wrote without parameters.
 */
class IdempotencyReadsTest {
    @RegisterExtension
    static final MotoState moto = new MotoState();

    final List<String> operations = Collections.synchronizedList(new ArrayList<>());
    final ReplicasShareStateTest.Isolate action = new ReplicasShareStateTest.Isolate();
    String table;
    DynamoDbClient counted;
    DynamoStateBackend state;
    Dispatcher dispatcher;

    @BeforeEach
    void replica() {
        table = moto.createTable();
        counted = DynamoDbClient.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(moto.server().endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        operations.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
                    }
                }))
                .build();
        state = new DynamoStateBackend(counted, table);
        IdempotencyCheck check = new IdempotencyCheck(
                state.idempotency(),
                Duration.ofDays(1),
                Duration.ofMinutes(2),
                IdempotencyCheck.OnInterrupted.SKIP,
                Clock.systemUTC());
        dispatcher = new Dispatcher(
                new ActionCatalogue(List.of(action)), new DispatchSettings(false, false), List.of(check));
    }

    @AfterEach
    void close() {
        state.close();
    }

    private DispatchResult isolate(String eventId, String instance) {
        SecurityEvent e = Events.guardDuty("Test")
                .id(eventId)
                .at(Instant.now())
                .severity(8.0)
                .build();
        return dispatcher.dispatch(ActionCommand.of("ec2:isolate-instance", instance), e, false);
    }

    private List<Map<String, AttributeValue>> idempotencyItems() {
        try (DynamoDbClient db = moto.client()) {
            return db.scan(s -> s.tableName(table)).items().stream()
                    .filter(it -> it.get("id").s().startsWith("idem#"))
                    .toList();
        }
    }

    @Test
    void aNewCommandIsCheckedWithOneReadThenClaimedAndCompleted() {
        DispatchResult r = isolate("e-1", "i-1");

        assertThat(r.outcome().value()).isEqualTo("succeeded");
        // failed before: [GetItem, GetItem, PutItem, PutItem] (the command's key, then the legacy key, apart)
        assertThat(operations).containsExactly("BatchGetItem", "PutItem", "PutItem");
        List<Map<String, AttributeValue>> items = idempotencyItems();
        assertThat(items).hasSize(1);
        assertThat(items.get(0).get("id").s()).startsWith("idem#e-1|ec2:isolate-instance|i-1|");
        assertThat(items.get(0).get("status").s()).isEqualTo("COMPLETED");

        operations.clear();
        assertThat(isolate("e-1", "i-1").outcome().value()).isEqualTo("deduplicated");
        assertThat(operations).containsExactly("BatchGetItem");
        assertThat(action.executed).containsExactly("i-1");
    }

    @Test
    void aRecordWrittenWithoutParametersStillStopsTheCommandInTheSameOneRead() {
        Instant at = Instant.now().minusSeconds(60);
        try (DynamoDbClient db = moto.client()) {
            db.putItem(p -> p.tableName(table)
                    .item(Map.of(
                            "id", AttributeValue.fromS("idem#e-2|ec2:isolate-instance|i-2"),
                            "status", AttributeValue.fromS("COMPLETED"),
                            "outcome", AttributeValue.fromS("succeeded"),
                            "time", AttributeValue.fromS(at.toString()),
                            "expiry",
                                    AttributeValue.fromN(Long.toString(
                                            at.plus(Duration.ofDays(1)).getEpochSecond())),
                            "in_progress_expiry", AttributeValue.fromN(Long.toString(at.toEpochMilli())))));
        }

        DispatchResult r = isolate("e-2", "i-2");

        assertThat(r.outcome().value()).isEqualTo("deduplicated");
        assertThat(r.error()).contains("recorded before parameters were part of the idempotency key");
        assertThat(operations).containsExactly("BatchGetItem");
        assertThat(action.executed).isEmpty();
        assertThat(idempotencyItems())
                .as("nothing claimed: only the old record")
                .singleElement()
                .satisfies(it -> assertThat(it.get("id").s()).isEqualTo("idem#e-2|ec2:isolate-instance|i-2"));
    }
}
