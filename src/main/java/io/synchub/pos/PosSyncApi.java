package io.synchub.pos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synchub.api.ApiException;
import io.synchub.api.JsonBody;
import io.synchub.canonical.CanonicalJson;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;

/**
 * The POS endpoints (routes/api-pos-sync.yaml, routes/api-pos-entities.yaml). Field names follow the existing POS
 * clients (snake_case), not the camelCase of the rest of the API.
 */
@Component("posSyncApi")
public class PosSyncApi {

    private final IncrementalSync sync;
    private final PosEntityStore store;
    private final int maxEntityBytes;

    public PosSyncApi(IncrementalSync sync, PosEntityStore store,
                      @Value("${synchub.pos.max-entity-bytes:262144}") int maxEntityBytes) {
        this.sync = sync;
        this.store = store;
        this.maxEntityBytes = maxEntityBytes;
    }

    /** GET /api/v1/sync/incremental?entity_type=&since=&store_id=&limit= (and the aliases GET /api/v1/sync/<type>) */
    public String incremental(@Header("entity_type") String entityType, @Header("since") String since,
                              @Header("store_id") String storeId, @Header("limit") String limit) {
        PosEntityType type = PosEntityType.named(entityType);
        return pull(type, since, storeId, limit);
    }

    /** GET /api/v1/sync/check?since=&store_id= */
    public String check(@Header("since") String since, @Header("store_id") String storeId) {
        String store = storeId == null || storeId.isBlank() ? null : PosEntityType.validStoreId(storeId.trim());
        return sync.check(SyncCursor.parse(since), store).json();
    }

    private String pull(PosEntityType type, String since, String storeId, String limit) {
        String store = type.storeFor(storeId);
        return sync.pull(type, store, SyncCursor.parse(since), limit(limit)).json();
    }

    /** PUT /api/v1/entities/{entity_type}/{id}?store_id= : 201 when created, 200 otherwise; answers the item. */
    public String put(Exchange exchange, @Header("entity_type") String entityType, @Header("id") String id,
                      @Header("store_id") String storeId, String body) {
        PosEntityType type = writable(entityType);
        String entityId = PosEntityId.valid(id);
        String storeKey = type.storeFor(storeId);
        ObjectNode data = parseObject(body);
        JsonNode bodyId = data.get("id");
        if (bodyId != null && !bodyId.isNull() && !bodyId.asText().equals(entityId)) {
            throw ApiException.unprocessable("the body's id " + bodyId + " differs from the id in the path '" + entityId
                    + "'; send the same id or leave it out");
        }
        PosEntityStore.Written written = store.put(type, storeKey, entityId, data);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, "create".equals(written.changeType()) ? 201 : 200);
        return written.json();
    }

    /** DELETE /api/v1/entities/{entity_type}/{id}?store_id= : 204, leaving a tombstone; 404 when there is nothing to delete. */
    public String delete(Exchange exchange, @Header("entity_type") String entityType, @Header("id") String id,
                         @Header("store_id") String storeId) {
        PosEntityType type = writable(entityType);
        String entityId = PosEntityId.valid(id);
        String storeKey = type.storeFor(storeId);
        if (!store.delete(type, storeKey, entityId)) {
            throw ApiException.notFound(type.wireName() + " " + entityId + (storeKey == null ? "" : " of store " + storeKey));
        }
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
        return null;
    }

    /** GET /api/v1/entities/{entity_type}/{id}?store_id= */
    public String get(@Header("entity_type") String entityType, @Header("id") String id, @Header("store_id") String storeId) {
        PosEntityType type = writable(entityType);
        String entityId = PosEntityId.valid(id);
        String storeKey = type.storeFor(storeId);
        return store.get(type, storeKey, entityId).orElseThrow(() -> ApiException.notFound(type.wireName() + " " + entityId
                + (storeKey == null ? "" : " of store " + storeKey)));
    }

    private static PosEntityType writable(String entityType) {
        PosEntityType type = PosEntityType.named(entityType);
        if (!type.consoleWritten()) {
            throw new ApiException(405, "method_not_allowed", "products come from the central product store: "
                    + "use /api/v1/products (PATCH /api/v1/products/{id}) to change them");
        }
        return type;
    }

    private ObjectNode parseObject(String body) {
        if (body == null || body.isBlank()) {
            throw ApiException.badRequest("the body is empty; send the entity as a JSON object");
        }
        if (body.getBytes(StandardCharsets.UTF_8).length > maxEntityBytes) {
            throw new ApiException(413, "payload_too_large", "an entity may be at most " + maxEntityBytes + " bytes of JSON");
        }
        return JsonBody.object(body);
    }

    static int limit(String limit) {
        if (limit == null || limit.isBlank()) {
            return IncrementalSync.DEFAULT_LIMIT;
        }
        try {
            int v = Integer.parseInt(limit.trim());
            if (v < 1 || v > IncrementalSync.MAX_LIMIT) {
                throw ApiException.badRequest("limit must be between 1 and " + IncrementalSync.MAX_LIMIT + ", got " + v);
            }
            return v;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("limit must be a whole number between 1 and " + IncrementalSync.MAX_LIMIT
                    + ", got '" + limit + "'");
        }
    }
}
