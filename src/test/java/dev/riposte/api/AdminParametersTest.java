package dev.riposte.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/** Issue 18: bad admin parameters get 400 with a one-line reason; OPTIONS on the admin API needs credentials. */
@QuarkusTest
@TestProfile(AdminApiTest.Keys.class)
class AdminParametersTest {

    @Test
    void aBadLimitOrOutcomeIsA400WithTheReason() {
        given().header("X-API-Key", ApiKeysTest.VIEW_KEY)
                .when()
                .get("/admin/decisions?limit=abc")
                .then()
                .statusCode(400)
                .body("error", startsWith("limit must be a number from 1 to"))
                .body("error", containsString("'abc'"));
        given().header("X-API-Key", ApiKeysTest.VIEW_KEY)
                .when()
                .get("/admin/decisions?limit=0")
                .then()
                .statusCode(400)
                .body("error", startsWith("limit must be a number"));
        given().header("X-API-Key", ApiKeysTest.VIEW_KEY)
                .when()
                .get("/admin/decisions?outcome=bogus")
                .then()
                .statusCode(400)
                .body("error", startsWith("unknown outcome 'bogus': one of no-match, planned"));
        given().header("X-API-Key", ApiKeysTest.VIEW_KEY)
                .when()
                .get("/admin/decisions?outcome=failed&limit=5")
                .then()
                .statusCode(200)
                .body(startsWith("["));
    }

    @Test
    void optionsOnTheAdminApiNeedsCredentials() {
        given().when().options("/admin/decisions").then().statusCode(401);
        given().when().options("/admin/breaker/reset").then().statusCode(401);
        given().header("X-API-Key", ApiKeysTest.VIEW_KEY)
                .when()
                .options("/admin/decisions")
                .then()
                .statusCode(Matchers.lessThan(300));
    }
}
