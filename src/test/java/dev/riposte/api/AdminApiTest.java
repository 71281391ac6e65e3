package dev.riposte.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The admin API over HTTP in the real application: deny by default, roles, and the breaker endpoints. */
@QuarkusTest
@TestProfile(AdminApiTest.Keys.class)
class AdminApiTest {

    public static class Keys implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "riposte.admin.api-keys", ApiKeysTest.CONFIG, "riposte.state.dir", "target/admin-api-test-state");
        }
    }

    @Test
    void adminNeedsAKeyAndChangesNeedAnOperator() {
        given().when()
                .get("/admin/breaker")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", "Bearer realm=\"riposte-admin\"");
        given().header("X-API-Key", "wrong").when().get("/admin/breaker").then().statusCode(401);
        given().header("X-API-Key", ApiKeysTest.VIEW_KEY)
                .when()
                .get("/admin/breaker")
                .then()
                .statusCode(200)
                .body("open", equalTo(false))
                .body("limit", equalTo(10));
        given().header("X-API-Key", ApiKeysTest.VIEW_KEY)
                .when()
                .post("/admin/breaker/reset")
                .then()
                .statusCode(403);
        given().when().post("/admin/approvals/x/approve").then().statusCode(401);
        given().header("Authorization", "Bearer " + ApiKeysTest.OPS_KEY)
                .when()
                .post("/admin/breaker/reset")
                .then()
                .statusCode(200)
                .body("lastReset.by", equalTo("api:alice"));
        given().header("X-API-Key", ApiKeysTest.VIEW_KEY)
                .when()
                .get("/admin/approvals")
                .then()
                .statusCode(503);
    }
}
