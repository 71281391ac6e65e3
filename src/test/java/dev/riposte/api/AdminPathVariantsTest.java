package dev.riposte.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Spellings of admin paths sent byte for byte (no client-side normalization): none may reach an admin
 * resource without a key, and a viewer key may never change anything, whatever the spelling.
 */
@QuarkusTest
@TestProfile(AdminApiTest.Keys.class)
class AdminPathVariantsTest {

    static List<String> readVariants() {
        return List.of(
                "/admin/breaker",
                "//admin/breaker",
                "/./admin/breaker",
                "/admin/./breaker",
                "/admin//breaker",
                "/admin;x=y/breaker",
                "/admin/breaker;x=y",
                "/%2Fadmin/breaker",
                "/admin%2Fbreaker",
                "/admin/breaker/",
                "/ADMIN/breaker",
                "/admin/../admin/breaker",
                "/x/../admin/breaker",
                "/admin/%62reaker",
                "/%61dmin/breaker",
                "/admin/decisions",
                "/admin/rules",
                "/admin/approvals",
                "/admin/decisions?limit=5",
                "/admin/rules/");
    }

    static List<String> writeVariants() {
        return List.of(
                "/admin/breaker/reset",
                "//admin/breaker/reset",
                "/./admin/breaker/reset",
                "/admin;x=y/breaker/reset",
                "/admin/breaker/reset;x=y",
                "/%2Fadmin/breaker/reset",
                "/admin/breaker/reset/",
                "/admin/breaker%2Freset",
                "/admin/rules/reload",
                "//admin/rules/reload",
                "/admin/approvals/x/approve");
    }

    @ParameterizedTest
    @MethodSource("readVariants")
    void noKeyNoAdmin(String path) throws IOException {
        Answer a = send("GET", path, null);
        assertThat(a.status()).as(path + " -> " + a.raw()).isIn(400, 401, 403, 404);
        assertThat(a.body())
                .as(path)
                .doesNotContain("\"limit\"")
                .doesNotContain("\"version\"")
                .doesNotContain("\"eventId\"");
    }

    @ParameterizedTest
    @MethodSource("writeVariants")
    void viewerKeyChangesNothing(String path) throws IOException {
        Answer a = send("POST", path, ApiKeysTest.VIEW_KEY);
        assertThat(a.status()).as(path + " -> " + a.raw()).isIn(400, 403, 404, 405);
        Answer none = send("POST", path, null);
        assertThat(none.status()).as(path + " -> " + none.raw()).isIn(400, 401, 403, 404, 405);
    }

    @ParameterizedTest
    @MethodSource("readVariants")
    void wrongKeyIsRefused(String path) throws IOException {
        assertThat(send("GET", path, "not-a-key").status()).as(path).isIn(400, 401, 404);
    }

    @Test
    void theRightKeyGetsIn() throws IOException {
        assertThat(send("GET", "/admin/breaker", ApiKeysTest.VIEW_KEY).status()).isEqualTo(200);
        Answer decisions = send("GET", "/admin/decisions?outcome=planned&limit=10", ApiKeysTest.VIEW_KEY);
        assertThat(decisions.status()).isEqualTo(200);
        assertThat(decisions.body()).startsWith("[");
        assertThat(send("GET", "/admin/decisions?limit=0", ApiKeysTest.VIEW_KEY).status())
                .isEqualTo(400);
        assertThat(send("GET", "/admin/rules", ApiKeysTest.VIEW_KEY).status())
                .as("rules need serve")
                .isEqualTo(503);
    }

    record Answer(int status, String body, String raw) {}

    /** A raw HTTP/1.1 request, so the path reaches the server exactly as written. */
    static Answer send(String method, String path, String key) throws IOException {
        return sendWith(method, path, key == null ? "" : "X-API-Key: " + key + "\r\n");
    }

    /** @param headers extra header lines, each ending in CRLF */
    static Answer sendWith(String method, String path, String headers) throws IOException {
        try (Socket s = new Socket("localhost", RestAssured.port)) {
            s.setSoTimeout(10_000);
            String req = method + " " + path
                    + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: 0\r\n" + headers + "\r\n";
            OutputStream out = s.getOutputStream();
            out.write(req.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            in.transferTo(buf);
            String raw = buf.toString(StandardCharsets.UTF_8);
            int status = Integer.parseInt(raw.substring(9, 12));
            int split = raw.indexOf("\r\n\r\n");
            return new Answer(
                    status,
                    split < 0 ? "" : raw.substring(split + 4),
                    raw.length() > 300 ? raw.substring(0, 300) : raw);
        }
    }
}
