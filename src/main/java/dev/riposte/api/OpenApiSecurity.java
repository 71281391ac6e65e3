package dev.riposte.api;

import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.security.SecuritySchemes;

/** The credentials the OpenAPI document ({@code /q/openapi}) declares; the resources name the ones they need. */
@SecuritySchemes({
    @SecurityScheme(
            securitySchemeName = OpenApiSecurity.API_KEY,
            type = SecuritySchemeType.APIKEY,
            in = SecuritySchemeIn.HEADER,
            apiKeyName = "X-API-Key",
            description =
                    "an admin API key (riposte.admin.api-keys holds its SHA-256); also accepted as Authorization: Bearer"),
    @SecurityScheme(
            securitySchemeName = OpenApiSecurity.OIDC,
            type = SecuritySchemeType.HTTP,
            scheme = "bearer",
            bearerFormat = "JWT",
            description = "an OIDC access token of riposte.admin.oidc.issuer for riposte.admin.oidc.audience,"
                    + " its roles claim granting viewer or operator"),
    @SecurityScheme(
            securitySchemeName = OpenApiSecurity.INGEST,
            type = SecuritySchemeType.HTTP,
            scheme = "bearer",
            description = "riposte.ingest.token, when set (required in live mode unless ingest listens on loopback)")
})
public final class OpenApiSecurity {
    public static final String API_KEY = "adminApiKey";
    public static final String OIDC = "adminOidc";
    public static final String INGEST = "ingestToken";

    private OpenApiSecurity() {}
}
