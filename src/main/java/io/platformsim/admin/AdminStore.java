package io.platformsim.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.platformsim.core.Json;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The admin panel's data: products, categories, stock per SKU, holds (which expire on their own) and orders. One lock
 * guards it all, so its holds never oversell either.
 */
final class AdminStore {

    private final Map<String, ObjectNode> products = new LinkedHashMap<>();
    private final Map<String, ObjectNode> categories = new LinkedHashMap<>();
    private final Map<String, Long> stock = new LinkedHashMap<>();
    private final Map<String, Hold> holds = new LinkedHashMap<>();
    private final Map<String, String> holdByIdempotencyKey = new LinkedHashMap<>();
    private final Map<String, ObjectNode> orders = new LinkedHashMap<>();
    private final Map<String, String> orderByIdempotencyKey = new LinkedHashMap<>();

    static final class Hold {
        final String id;
        final List<long[]> quantities = new ArrayList<>();
        final List<String> skus = new ArrayList<>();
        final String sessionId;
        final String customerId;
        final Instant expiresAt;
        String status = "active";

        Hold(String id, String sessionId, String customerId, Instant expiresAt) {
            this.id = id;
            this.sessionId = sessionId;
            this.customerId = customerId;
            this.expiresAt = expiresAt;
        }

        ObjectNode json() {
            ObjectNode o = Json.object();
            o.put("holdId", id);
            o.put("status", status);
            o.put("expiresAt", expiresAt.getEpochSecond());
            o.put("sessionId", sessionId);
            o.put("customerId", customerId);
            ArrayNode items = o.putArray("items");
            for (int i = 0; i < skus.size(); i++) {
                items.addObject().put("sku", skus.get(i)).put("quantity", quantities.get(i)[0]);
            }
            return o;
        }
    }

    synchronized void putProduct(ObjectNode product) {
        ObjectNode p = product.deepCopy();
        if (!p.has("updatedAt")) {
            p.put("updatedAt", Instant.now().toString());
        }
        products.put(p.get("sku").asText(), p);
    }

    synchronized ObjectNode product(String sku) {
        ObjectNode p = products.get(sku);
        return p == null ? null : p.deepCopy();
    }

    /** Products changed at or after {@code since} (all when null), in SKU insertion order. */
    synchronized List<ObjectNode> products(Instant since) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode p : products.values()) {
            if (since == null || !Instant.parse(p.get("updatedAt").asText()).isBefore(since)) {
                out.add(p.deepCopy());
            }
        }
        return out;
    }

    synchronized void putCategory(ObjectNode category) {
        categories.put(category.get("id").asText(), category.deepCopy());
    }

    synchronized boolean removeCategory(String id) {
        return categories.remove(id) != null;
    }

    synchronized ArrayNode categories() {
        ArrayNode a = Json.array();
        categories.values().forEach(c -> a.add(c.deepCopy()));
        return a;
    }

    synchronized void setStock(String sku, long units) {
        stock.put(sku, units);
    }

    synchronized long available(String sku) {
        expire(Instant.now());
        long held = 0;
        for (Hold h : holds.values()) {
            if (h.status.equals("active")) {
                for (int i = 0; i < h.skus.size(); i++) {
                    if (h.skus.get(i).equals(sku)) {
                        held += h.quantities.get(i)[0];
                    }
                }
            }
        }
        return Math.max(0, stock.getOrDefault(sku, 0L) - held);
    }

    synchronized ArrayNode availability(JsonNode items) {
        ArrayNode out = Json.array();
        for (JsonNode i : items) {
            String sku = i.path("sku").asText();
            long requested = i.path("quantity").asLong(1);
            long available = available(sku);
            out.addObject().put("sku", sku).put("available", available).put("requested", requested).put("ok", available >= requested);
        }
        return out;
    }

    /** A new hold, or the one an earlier request with the same key made; null items answer means refused (see {@code refusal}). */
    synchronized ObjectNode createHold(JsonNode body, String idempotencyKey, Duration defaultDuration, ArrayNode refusal) {
        if (idempotencyKey != null && holdByIdempotencyKey.containsKey(idempotencyKey)) {
            Hold earlier = holds.get(holdByIdempotencyKey.get(idempotencyKey));
            if (earlier != null) {
                return earlier.json();
            }
        }
        ArrayNode answers = availability(body.path("items"));
        boolean ok = true;
        for (JsonNode a : answers) {
            ok &= a.get("ok").asBoolean();
        }
        if (!ok) {
            refusal.addAll(answers);
            return null;
        }
        long seconds = body.path("duration").asLong(defaultDuration.toSeconds());
        Hold h = new Hold("adm-" + UUID.randomUUID().toString().substring(0, 13), body.path("sessionId").asText(null),
                body.path("customerId").asText(null), Instant.now().plusSeconds(seconds));
        for (JsonNode i : body.path("items")) {
            h.skus.add(i.path("sku").asText());
            h.quantities.add(new long[]{i.path("quantity").asLong(1)});
        }
        holds.put(h.id, h);
        if (idempotencyKey != null) {
            holdByIdempotencyKey.put(idempotencyKey, h.id);
        }
        return h.json();
    }

    synchronized ObjectNode hold(String id) {
        expire(Instant.now());
        Hold h = holds.get(id);
        return h == null ? null : h.json();
    }

    synchronized boolean endHold(String id, String status) {
        expire(Instant.now());
        Hold h = holds.get(id);
        if (h == null) {
            return false;
        }
        if (h.status.equals("active")) {
            h.status = status;
        }
        return true;
    }

    synchronized int activeHolds() {
        expire(Instant.now());
        return (int) holds.values().stream().filter(h -> h.status.equals("active")).count();
    }

    synchronized int holdCount() {
        return holds.size();
    }

    /** Forgets every hold (as the reference admin panel does when it restarts: its holds live in memory). */
    synchronized void forgetHolds() {
        holds.clear();
        holdByIdempotencyKey.clear();
    }

    synchronized ObjectNode createOrder(JsonNode body, String idempotencyKey) {
        if (idempotencyKey != null && orderByIdempotencyKey.containsKey(idempotencyKey)) {
            return orders.get(orderByIdempotencyKey.get(idempotencyKey));
        }
        String id = "ord-" + (orders.size() + 1);
        ObjectNode stored = Json.object().put("orderId", id);
        stored.set("order", body.deepCopy());
        orders.put(id, stored);
        if (idempotencyKey != null) {
            orderByIdempotencyKey.put(idempotencyKey, id);
        }
        return stored;
    }

    synchronized List<ObjectNode> orders() {
        return new ArrayList<>(orders.values());
    }

    private void expire(Instant now) {
        for (Hold h : holds.values()) {
            if (h.status.equals("active") && !h.expiresAt.isAfter(now)) {
                h.status = "expired";
            }
        }
    }
}
