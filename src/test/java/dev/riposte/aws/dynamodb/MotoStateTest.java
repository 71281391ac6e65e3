package dev.riposte.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/** The tables the state tests run on are deploy/'s: made from its stack template, named as the backend expects. */
class MotoStateTest {
    @RegisterExtension
    static final MotoState moto = new MotoState();

    @Test
    void aTableIsTheStacksStateTableWithItsJournalBesideIt() {
        String table = moto.createTable();
        DynamoDbClient db = moto.client();

        TableDescription state = db.describeTable(b -> b.tableName(table)).table();
        assertThat(state.keySchema())
                .extracting(KeySchemaElement::attributeName, KeySchemaElement::keyTypeAsString)
                .containsExactly(tuple("id", "HASH"));
        assertThat(state.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);

        String journal = DynamoStateBackend.journalTable(table);
        assertThat(db.describeTable(b -> b.tableName(journal)).table().keySchema())
                .extracting(KeySchemaElement::attributeName, KeySchemaElement::keyTypeAsString)
                .containsExactly(tuple("stream", "HASH"), tuple("seq", "RANGE"));

        for (String t : new String[] {table, journal}) {
            var ttl = db.describeTimeToLive(b -> b.tableName(t)).timeToLiveDescription();
            assertThat(ttl.attributeName()).as(t).isEqualTo("expiry");
            assertThat(ttl.timeToLiveStatus()).as(t).isEqualTo(TimeToLiveStatus.ENABLED);
        }
    }
}
