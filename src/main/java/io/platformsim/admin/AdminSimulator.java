package io.platformsim.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.platformsim.core.FaultPlan;
import io.platformsim.core.Json;
import io.platformsim.core.RequestJournal;
import io.platformsim.core.Routes;
import io.platformsim.core.SimHttpServer;
import io.platformsim.core.SimRequest;
import io.platformsim.core.SimResponse;

import java.math.BigDecimal;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A simulated admin panel (the shop's back office) on 127.0.0.1, speaking the default REST contract:
 *
 * <pre>
 * GET  /api/products[?updatedSince=&amp;page=&amp;pageSize=]   a JSON array; paged {items,total,page,pageSize} when page is given
 * GET  /api/categories                                  [{id, name, parentId, position, updatedAt}]
 * POST /api/inventory/availability {"items":[{sku,quantity}]} → {"items":[{sku,available,requested,ok}]}
 * POST /api/holds {items, sessionId, customerId, duration} → 201 {holdId, expiresAt (epoch s), items} · 409 insufficient_inventory
 * GET  /api/holds/{holdId} · DELETE /api/holds/{holdId} (204, repeat-safe) · POST /api/holds/{holdId}/confirm
 * POST /api/orders (Idempotency-Key) → 201 {orderId}
 * </pre>
 * Every call needs {@code X-API-Key}. Holds expire on their own after their duration; {@link #forgetHolds()} is a
 * restart of the reference panel (it keeps holds in memory). Faults and the request journal under {@code /_sim/}.
 */
public final class AdminSimulator implements AutoCloseable {

    private final String apiKey;
    private final AdminStore store = new AdminStore();
    private final RequestJournal journal = new RequestJournal(100_000);
    private final FaultPlan faults = new FaultPlan();
    private final SimHttpServer http;
    private final int port;
    private volatile boolean pagedOnly;

    public AdminSimulator(int port, String apiKey) {
        this.port = port;
        this.apiKey = apiKey;
        Routes routes = new Routes()
                .add("GET", "/api/products", r -> authorized(r, () -> products(r)))
                .add("GET", "/api/categories", r -> authorized(r, () -> SimResponse.json(200, store.categories())))
                .add("POST", "/api/inventory/availability", r -> authorized(r, () -> availability(r)))
                .add("POST", "/api/holds", r -> authorized(r, () -> createHold(r)))
                .add("GET", "/api/holds/{holdId}", r -> authorized(r, () -> hold(r)))
                .add("DELETE", "/api/holds/{holdId}", r -> authorized(r, () -> endHold(r, "released")))
                .add("POST", "/api/holds/{holdId}/confirm", r -> authorized(r, () -> endHold(r, "confirmed")))
                .add("POST", "/api/orders", r -> authorized(r, () -> createOrder(r)));
        this.http = new SimHttpServer("admin", routes, AdminSimulator::error, journal, faults);
    }

    public AdminSimulator start() {
        http.start(port, 8);
        return this;
    }

    @Override
    public void close() {
        http.stop();
    }

    public String baseUrl() {
        return http.baseUrl();
    }

    public RequestJournal requests() {
        return journal;
    }

    public FaultPlan faults() {
        return faults;
    }

    // ---- the simulated back office -----------------------------------------------------------------------------

    /** Adds or replaces a product (stamped updatedAt now unless it has one). */
    public void putProduct(String sku, String name, BigDecimal price, List<String> categoryIds) {
        ObjectNode p = Json.object().put("sku", sku).put("name", name).put("description", name + " from the back office")
                .put("price", price).put("currency", "EUR").put("active", true).put("updatedAt", Instant.now().toString());
        ArrayNode c = p.putArray("categoryIds");
        categoryIds.forEach(c::add);
        p.putArray("images").add("https://img.example.com/" + sku + ".jpg");
        p.putObject("attributes");
        store.putProduct(p);
    }

    public ObjectNode product(String sku) {
        return store.product(sku);
    }

    public void putCategory(String id, String name, String parentId, int position) {
        store.putCategory(Json.object().put("id", id).put("name", name).put("parentId", parentId).put("position", position)
                .put("updatedAt", Instant.now().toString()));
    }

    public boolean removeCategory(String id) {
        return store.removeCategory(id);
    }

    public void setStock(String sku, long units) {
        store.setStock(sku, units);
    }

    public long available(String sku) {
        return store.available(sku);
    }

    public int activeHolds() {
        return store.activeHolds();
    }

    public int holdCount() {
        return store.holdCount();
    }

    public ObjectNode hold(String holdId) {
        return store.hold(holdId);
    }

    public void forgetHolds() {
        store.forgetHolds();
    }

    public List<ObjectNode> orders() {
        return store.orders();
    }

    /** When true, /api/products answers only the paged form (like a panel that always pages). */
    public void pagedOnly(boolean paged) {
        this.pagedOnly = paged;
    }

    // ---- HTTP --------------------------------------------------------------------------------------------------

    private static SimResponse error(int status, String code, String message) {
        return SimResponse.json(status, Json.object().put("error", code).put("message", message));
    }

    private interface Handler {
        SimResponse handle();
    }

    private SimResponse authorized(SimRequest r, Handler h) {
        String key = r.header("X-API-Key");
        if (key == null || !MessageDigest.isEqual(key.getBytes(StandardCharsets.UTF_8), apiKey.getBytes(StandardCharsets.UTF_8))) {
            return error(401, "unauthorized", "send the panel's key in X-API-Key");
        }
        return h.handle();
    }

    private SimResponse products(SimRequest r) {
        Instant since = r.param("updatedSince") == null ? null : Instant.parse(r.param("updatedSince"));
        List<ObjectNode> all = store.products(since);
        if (r.param("page") == null && !pagedOnly) {
            ArrayNode a = Json.array();
            all.forEach(a::add);
            return SimResponse.json(200, a);
        }
        int page = r.param("page") == null ? 1 : Integer.parseInt(r.param("page"));
        int size = r.param("pageSize") == null ? 100 : Integer.parseInt(r.param("pageSize"));
        if (page < 1 || size < 1 || size > 1000) {
            return error(400, "invalid_paging", "page >= 1 and 1 <= pageSize <= 1000");
        }
        ArrayNode items = Json.array();
        all.stream().skip((long) (page - 1) * size).limit(size).forEach(items::add);
        ObjectNode o = Json.object();
        o.set("items", items);
        o.put("total", all.size()).put("page", page).put("pageSize", size);
        return SimResponse.json(200, o);
    }

    private SimResponse availability(SimRequest r) {
        JsonNode items = r.json().path("items");
        if (!items.isArray()) {
            return error(400, "invalid_request", "send {\"items\":[{\"sku\",\"quantity\"}]}");
        }
        ObjectNode o = Json.object();
        o.set("items", store.availability(items));
        return SimResponse.json(200, o);
    }

    private SimResponse createHold(SimRequest r) {
        JsonNode body = r.json();
        if (!body.path("items").isArray() || body.path("items").isEmpty()) {
            return error(400, "invalid_request", "send {\"items\":[{\"sku\",\"quantity\"}], \"duration\"}");
        }
        ArrayNode refusal = Json.array();
        ObjectNode hold = store.createHold(body, r.header("Idempotency-Key"), Duration.ofMinutes(30), refusal);
        if (hold == null) {
            ObjectNode o = Json.object().put("error", "insufficient_inventory");
            o.set("items", refusal);
            return SimResponse.json(409, o);
        }
        return SimResponse.json(201, hold);
    }

    private SimResponse hold(SimRequest r) {
        ObjectNode h = store.hold(r.pathParam("holdId"));
        return h == null ? error(404, "not_found", "no hold " + r.pathParam("holdId")) : SimResponse.json(200, h);
    }

    private SimResponse endHold(SimRequest r, String status) {
        boolean known = store.endHold(r.pathParam("holdId"), status);
        if (status.equals("released")) {
            return SimResponse.empty(204); // repeat-safe, also for holds it no longer knows
        }
        return known ? SimResponse.json(200, store.hold(r.pathParam("holdId"))) : error(404, "not_found", "no hold " + r.pathParam("holdId"));
    }

    private SimResponse createOrder(SimRequest r) {
        ObjectNode stored = store.createOrder(r.json(), r.header("Idempotency-Key"));
        return SimResponse.json(201, Json.object().put("orderId", stored.get("orderId").asText()));
    }
}
