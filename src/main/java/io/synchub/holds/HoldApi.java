package io.synchub.holds;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synchub.api.ApiException;
import io.synchub.api.JsonBody;
import io.synchub.api.Paging;
import io.synchub.canonical.CanonicalJson;
import io.synchub.channel.ChannelRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Set;

/** The hold and availability endpoints (called from {@code routes/api-holds.yaml}). */
@Component("holdApi")
public class HoldApi {

    private static final Set<String> STATUSES = Set.of(StoredHold.ACTIVE, StoredHold.RELEASED, StoredHold.CONFIRMED,
            StoredHold.EXPIRED, StoredHold.LOST);

    private final Holds holds;
    private final HoldStore store;
    private final InventoryAuthorities authorities;

    private final HoldMetrics metrics;

    public HoldApi(Holds holds, HoldStore store, InventoryAuthorities authorities, HoldMetrics metrics) {
        this.metrics = metrics;
        this.holds = holds;
        this.store = store;
        this.authorities = authorities;
    }

    /** 201 with the hold; 409 insufficient_inventory with every item's figures; 503 when the authority is down. */
    public String create(String body, @Header("Idempotency-Key") String idempotencyKey, Exchange exchange) {
        HoldRequest request = HoldRequest.from(JsonBody.object(body));
        String key = idempotencyKey == null || idempotencyKey.isBlank() ? null : idempotencyKey.trim();
        if (key != null && key.length() > 255) {
            throw ApiException.unprocessable("'Idempotency-Key' is longer than 255 characters");
        }
        try {
            Holds.Created c = holds.create(ChannelRegistry.DEFAULT_CLIENT, request, key, actor(exchange));
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 201);
            exchange.getMessage().setHeader("Location", "/api/v1/holds/" + c.hold().id());
            if (c.replayed()) {
                exchange.getMessage().setHeader("Idempotent-Replayed", "true");
            }
            return CanonicalJson.write(c.hold().view());
        } catch (InsufficientInventory e) {
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 409);
            ObjectNode o = CanonicalJson.object();
            o.put("error", "insufficient_inventory");
            o.put("message", e.getMessage());
            o.set("items", items(e.items()));
            return CanonicalJson.write(o);
        }
    }

    public String get(@Header("holdId") String id) {
        return CanonicalJson.write(holds.get(id).view());
    }

    public String list(@Header("sessionId") String sessionId, @Header("customerId") String customerId,
                       @Header("status") String status, @Header("limit") String limit, @Header("offset") String offset) {
        if (status != null && !status.isBlank() && !STATUSES.contains(status.trim())) {
            throw ApiException.badRequest("'status' must be one of " + STATUSES + ", got '" + status + "'");
        }
        return CanonicalJson.write(store.list(sessionId, customerId, status, Paging.of(limit, offset)));
    }

    public String release(@Header("holdId") String id, Exchange exchange) {
        return CanonicalJson.write(holds.release(id, actor(exchange)).view());
    }

    public String confirm(@Header("holdId") String id, Exchange exchange) {
        return CanonicalJson.write(holds.confirm(id, actor(exchange)).view());
    }

    public String history(@Header("holdId") String id) {
        ObjectNode o = CanonicalJson.object();
        o.put("holdId", id);
        ArrayNode a = o.putArray("items");
        holds.history(id).forEach(a::add);
        return CanonicalJson.write(o);
    }

    /** {@code GET /api/v1/availability?skus=a,b}: one unit asked per SKU. */
    public String availabilityOf(@Header("skus") String skus) {
        if (skus == null || skus.isBlank()) {
            throw ApiException.badRequest("send ?skus=a,b");
        }
        ArrayNode asked = CanonicalJson.MAPPER.createArrayNode();
        for (String s : skus.split(",")) {
            if (!s.isBlank()) {
                asked.addObject().put("sku", s.trim()).put("quantity", 1);
            }
        }
        return answer(HoldRequest.items(asked));
    }

    /** {@code POST /api/v1/availability {"items":[{sku, quantity}]}}. */
    public String availability(String body) {
        return answer(HoldRequest.items(JsonBody.object(body).get("items")));
    }

    private String answer(List<HoldItem> items) {
        ObjectNode o = CanonicalJson.object();
        InventoryAuthority authority = authorities.current();
        long t0 = System.nanoTime();
        o.set("items", items(authority.availability(ChannelRegistry.DEFAULT_CLIENT, items)));
        metrics.availability(authority.id(), java.time.Duration.ofNanos(System.nanoTime() - t0));
        return CanonicalJson.write(o);
    }

    static ArrayNode items(List<ItemAvailability> items) {
        ArrayNode a = CanonicalJson.MAPPER.createArrayNode();
        for (ItemAvailability i : items) {
            a.addObject().put("sku", i.sku()).put("available", i.available()).put("requested", i.requested()).put("ok", i.ok());
        }
        return a;
    }

    /** Who asked: the calling API key by fingerprint (never the key itself), as the API-key filter admitted it. */
    static String actor(Exchange exchange) {
        String caller = exchange.getMessage().getHeader(io.synchub.api.ApiCaller.HEADER, String.class);
        return caller == null || caller.isBlank() ? "api" : caller;
    }
}
