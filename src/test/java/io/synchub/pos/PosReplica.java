package io.synchub.pos;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.support.HubClient;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What a POS register does: keeps a local copy of one entity type and pulls from its cursor until has_more is false. */
final class PosReplica {

    final String entityType;
    final String storeId;
    final Map<String, JsonNode> rows = new HashMap<>();
    String cursor = "0";
    /** ids seen in the last pull (items and deletes), in order, to check nothing came twice. */
    final List<String> lastPullIds = new ArrayList<>();
    int lastPullPages;

    PosReplica(String entityType, String storeId) {
        this.entityType = entityType;
        this.storeId = storeId;
    }

    /** Pulls every page from the cursor and applies it; returns the number of items + deletes received. */
    int pull(HubClient hub, int limit) {
        lastPullIds.clear();
        lastPullPages = 0;
        boolean more = true;
        while (more) {
            HubClient.Response r = hub.get("/api/v1/sync/incremental?entity_type=" + entityType + "&since=" + cursor
                    + "&limit=" + limit + (storeId == null ? "" : "&store_id=" + storeId));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode page = r.json();
            assertThat(page.get("entity_type").asText()).isEqualTo(entityType);
            assertThat(page.get("items").size() + page.get("deleted").size()).isLessThanOrEqualTo(limit);
            for (JsonNode item : page.get("items")) {
                String id = item.get("id").asText();
                rows.put(id, item);
                lastPullIds.add(id);
            }
            for (JsonNode id : page.get("deleted")) {
                rows.remove(id.asText());
                lastPullIds.add(id.asText());
            }
            String next = page.get("next_cursor").asText();
            assertThat(Long.parseLong(next)).as("cursors never go back").isGreaterThanOrEqualTo(Long.parseLong(cursor));
            cursor = next;
            more = page.get("has_more").asBoolean();
            lastPullPages++;
        }
        return lastPullIds.size();
    }
}
