package dev.riposte.aws.action.rds;

import static dev.riposte.aws.client.AwsWire.iamError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.riposte.aws.client.AwsWire;
import dev.riposte.command.ActionCommand;
import dev.riposte.decision.Outcome;
import dev.riposte.dispatch.ActionContext;
import dev.riposte.dispatch.AwsRequest;
import dev.riposte.dispatch.ExecutionResult;
import dev.riposte.fact.Events;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** rds:disable-public-access against a local RDS (query protocol, XML answers). */
class RdsActionsTest {
    private static final String OK = "<ModifyDBInstanceResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\">"
            + "<ModifyDBInstanceResult><DBInstance><DBInstanceIdentifier>orders-db</DBInstanceIdentifier>"
            + "<PubliclyAccessible>false</PubliclyAccessible><DBInstanceStatus>modifying</DBInstanceStatus></DBInstance>"
            + "</ModifyDBInstanceResult><ResponseMetadata><RequestId>req-ModifyDBInstance</RequestId></ResponseMetadata>"
            + "</ModifyDBInstanceResponse>";

    private final AwsWire aws = new AwsWire();
    private final DisablePublicAccess handler = new DisablePublicAccess(aws.clients());

    @AfterEach
    void stop() {
        aws.close();
    }

    private static ActionContext ctx(String target) {
        return new ActionContext(
                ActionCommand.of("rds:disable-public-access", target),
                Events.withDetail("guardduty-iam-eventbridge.json"),
                Events.ACCOUNT,
                "us-east-1");
    }

    @Test
    void turnsPublicAccessOffNow() {
        aws.ok("ModifyDBInstance", OK);
        ActionContext ctx = ctx("orders-db");

        ExecutionResult r = handler.execute(ctx);

        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(r.awsRequestId()).isEqualTo("req-ModifyDBInstance");
        assertThat(r.requests())
                .isEqualTo(handler.plan(ctx))
                .containsExactly(new AwsRequest(
                        "rds",
                        "ModifyDBInstance",
                        Map.of(
                                "DBInstanceIdentifier",
                                "orders-db",
                                "PubliclyAccessible",
                                false,
                                "ApplyImmediately",
                                true)));
        assertThat(aws.calls())
                .singleElement()
                .satisfies(c -> assertThat(c.params())
                        .isEqualTo(Map.of(
                                "Action",
                                "ModifyDBInstance",
                                "Version",
                                "2014-10-31",
                                "DBInstanceIdentifier",
                                "orders-db",
                                "PubliclyAccessible",
                                "false",
                                "ApplyImmediately",
                                "true")));
    }

    @Test
    void anArnActsInItsRegion() {
        aws.ok("ModifyDBInstance", OK);

        ExecutionResult r = handler.execute(ctx("arn:aws:rds:eu-west-1:111122223333:db:orders-db"));

        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(aws.calls())
                .singleElement()
                .satisfies(c -> assertThat(c.get("DBInstanceIdentifier")).isEqualTo("orders-db"));
        assertThat(aws.headers("Authorization")).singleElement().asString().contains("/eu-west-1/rds/aws4_request");
    }

    @Test
    void aGoneInstanceIsSkipped() {
        aws.answer("ModifyDBInstance", 404, iamError("DBInstanceNotFound", "DBInstance orders-db not found."));

        ExecutionResult r = handler.execute(ctx("orders-db"));

        assertThat(r.outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(r.error()).isEqualTo("DBInstanceNotFound: DBInstance orders-db not found.");
    }

    @Test
    void throttlingIsRetried() {
        aws.firstThen("ModifyDBInstance", 400, iamError("Throttling", "Rate exceeded"), OK);

        assertThat(handler.execute(ctx("orders-db")).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(aws.actions()).containsExactly("ModifyDBInstance", "ModifyDBInstance");
    }

    @Test
    void accessDeniedFailsWithCodeAndRequestId() {
        aws.answer(
                "ModifyDBInstance",
                403,
                iamError("AccessDenied", "User is not authorized to perform: rds:ModifyDBInstance"));

        ExecutionResult r = handler.execute(ctx("orders-db"));

        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.error()).isEqualTo("AccessDenied: User is not authorized to perform: rds:ModifyDBInstance");
        assertThat(r.awsRequestId()).isEqualTo("err-req-1");
    }

    @Test
    void checksTheTarget() {
        assertThat(handler.check(ActionCommand.of(
                        "rds:disable-public-access", "arn:aws:rds:eu-west-1:111122223333:db:orders-db")))
                .isEmpty();
        assertThat(handler.check(ActionCommand.of("rds:disable-public-access", "orders_db")))
                .containsExactly(
                        "rds:disable-public-access target 'orders_db' is not a DB instance identifier or arn:aws:rds:...:db:name ARN");
    }
}
