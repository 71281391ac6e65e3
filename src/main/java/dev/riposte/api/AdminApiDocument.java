package dev.riposte.api;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * What every admin operation shares, written once into the OpenAPI document ({@code /q/openapi}) as
 * {@link AdminAuthFilter} enforces it once: an API key or an OIDC token, 401 without valid credentials, 403 for a
 * role that may not do this. The resources' own annotations describe only what they answer themselves.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class AdminApiDocument implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openApi) {
        openApi.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith("/admin/")) {
                item.getOperations().values().forEach(AdminApiDocument::guard);
            }
        });
    }

    private static void guard(Operation op) {
        op.setSecurity(List.of(
                OASFactory.createSecurityRequirement().addScheme(OpenApiSecurity.API_KEY),
                OASFactory.createSecurityRequirement().addScheme(OpenApiSecurity.OIDC)));
        op.getResponses()
                .addAPIResponse("401", refused("no credentials, or ones that are not valid"))
                .addAPIResponse("403", refused("valid credentials whose role may not do this (a viewer posting)"));
    }

    private static APIResponse refused(String description) {
        return OASFactory.createAPIResponse()
                .description(description)
                .content(OASFactory.createContent()
                        .addMediaType(
                                MediaType.APPLICATION_JSON,
                                OASFactory.createMediaType()
                                        .schema(OASFactory.createSchema().ref(OpenApiSecurity.ERROR))));
    }
}
