package io.sealcloud.accounts.api;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.ArrayList;
import java.util.Set;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;

/**
 * Says {@code security: []} on the operations that need no token on purpose (a payment provider's webhook, which its
 * signature authenticates), so the document states it rather than leaving it unsaid (redocly's
 * {@code security-defined}). Runs at build time, so the committed document has it.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class PublicOperationsOpenApiFilter implements OASFilter {

    /** The operationIds of the public operations. */
    static final Set<String> PUBLIC = Set.of("PaymentWebhookResource_receive");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths()
                .getPathItems()
                .values()
                .forEach(item -> item.getOperations().values().forEach(operation -> {
                    if (PUBLIC.contains(operation.getOperationId())) {
                        operation.setSecurity(new ArrayList<>());
                    }
                }));
    }
}
