package io.synchub.product;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.Set;

/**
 * A stored product change, as the outbound side sees it.
 *
 * @param changedFields new values of the fields that changed
 * @param fields        the product's full canonical state after the change
 * @param previousFields the product's full canonical state before the change (null when it was created): what a
 *                       cached search selected it by before, so only the searches it leaves or joins are dropped
 */
public record ProductChange(long productId, String clientId, String sku, String origin, boolean created,
                            Map<String, JsonNode> changedFields, JsonNode fields, Set<String> linkedPlatforms,
                            Long inboxId, JsonNode previousFields) {

    public ProductChange(long productId, String clientId, String sku, String origin, boolean created,
                         Map<String, JsonNode> changedFields, JsonNode fields, Set<String> linkedPlatforms, Long inboxId) {
        this(productId, clientId, sku, origin, created, changedFields, fields, linkedPlatforms, inboxId, null);
    }
}
