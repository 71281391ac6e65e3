package dev.riposte.api;

/**
 * Names of the credentials the OpenAPI document ({@code /q/openapi}) declares, for {@link AdminApiDocument} and the
 * ingest resource's {@code @SecurityRequirement}. The schemes themselves are in {@code META-INF/openapi.yaml}: SmallRye reads
 * {@code @SecurityScheme} only on JAX-RS application and resource classes, and none of those owns them.
 */
public final class OpenApiSecurity {
    public static final String API_KEY = "adminApiKey";
    public static final String OIDC = "adminOidc";
    public static final String INGEST = "ingestToken";
    /** The shared answer of a refused request, {@code {"error": reason}}. */
    public static final String ERROR = "Error";

    private OpenApiSecurity() {}
}
