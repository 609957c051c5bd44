package io.platformsim.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.platformsim.core.Json;
import io.platformsim.core.LeakyBucket;
import io.platformsim.core.SimRequest;
import io.platformsim.core.SimResponse;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /admin/api/{version}/graphql.json}: the three mutations the hub pushes with — productUpdate,
 * productVariantsBulkUpdate, inventorySetQuantities (compare-and-set, {@code @idempotent(key:)}: the same key
 * replays the first result without applying twice; required from 2026-04) — with calculated cost against a
 * leaky bucket ({@code extensions.cost.throttleStatus}, {@code THROTTLED} when empty).
 * <p>
 * Arguments must be passed as GraphQL variables ({@code productUpdate(product: $product)}), as Shopify's own clients
 * do; the response carries the full result object of each mutation whatever the selection set asks for. One document
 * may carry several mutations, each under its own alias ({@code p1: productUpdate(product: $p1_product)}), answered
 * under that alias; a document costing more than the bucket holds is refused ({@code MAX_COST_EXCEEDED}), as Shopify
 * refuses a single query over its maximum cost.
 */
final class ShopifyGraphql {

    static final int MUTATION_COST = 10;
    private final java.util.Set<String> fulfilledOrders = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final List<String> MUTATIONS = List.of("productUpdate", "productVariantsBulkUpdate", "inventorySetQuantities");
    private static final Pattern IDEMPOTENT = Pattern.compile("@idempotent\\s*\\(\\s*key\\s*:\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|\\$(\\w+))\\s*\\)");
    private static final Pattern ARGUMENT = Pattern.compile("(\\w+)\\s*:\\s*\\$(\\w+)");
    private static final int KEPT_KEYS = 100_000;

    private final ShopifyStore store;
    private final LeakyBucket bucket;
    private final ShopifyEvents events;
    private final long locationId;
    private final Map<String, JsonNode> idempotent = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, JsonNode> eldest) {
            return size() > KEPT_KEYS;
        }
    };

    ShopifyGraphql(ShopifyStore store, LeakyBucket bucket, ShopifyEvents events, long locationId) {
        this.store = store;
        this.bucket = bucket;
        this.events = events;
        this.locationId = locationId;
    }

    /** One mutation field of the document; {@code alias} ({@code p0: productUpdate(...)}) names its result, else the field does. */
    private record Call(String alias, String field, Map<String, String> arguments, String idempotencyKeyLiteral,
                        String idempotencyKeyVariable, int position) {
        String resultKey() {
            return alias != null ? alias : field;
        }
    }

    SimResponse handle(SimRequest request, String version) {
        JsonNode body;
        try {
            body = request.json();
        } catch (IllegalArgumentException e) {
            return SimResponse.json(400, Json.object().put("errors", "Bad Request: the body is not JSON: " + e.getMessage()));
        }
        String query = body.path("query").asText("");
        if (query.isBlank()) {
            return SimResponse.json(400, Json.object().set("errors", Json.object().put("query", "Required parameter missing or invalid")));
        }
        JsonNode variables = body.path("variables");
        if (query.contains("fulfillmentOrders(") || query.contains("fulfillmentCreate(")) {
            return fulfilment(query, variables);
        }
        List<Call> calls = parse(query);
        if (calls.isEmpty()) {
            return errors("This simulator answers the mutations " + MUTATIONS + "; pass their arguments as variables", "UNSUPPORTED", null);
        }
        java.util.Set<String> resultKeys = new java.util.HashSet<>();
        for (Call call : calls) {
            if (!resultKeys.add(call.resultKey())) {
                return errors("Fields '" + call.resultKey() + "' conflict because they have differing arguments. Use different aliases on the fields to fetch both if this was intentional.",
                        "FIELDS_CONFLICT", null);
            }
        }
        int cost = MUTATION_COST * calls.size();
        if (cost > bucket.capacity()) {
            return errors("Query cost is " + cost + ", which exceeds the single query max cost limit (" + (int) bucket.capacity() + ").",
                    "MAX_COST_EXCEEDED", cost(cost, 0));
        }
        LeakyBucket.Admission admission = bucket.tryAdd(cost);
        if (!admission.admitted()) {
            return errors("Throttled", "THROTTLED", cost(cost, 0));
        }
        ObjectNode data = Json.object();
        for (Call call : calls) {
            String key = call.idempotencyKeyLiteral != null ? call.idempotencyKeyLiteral
                    : call.idempotencyKeyVariable != null ? variables.path(call.idempotencyKeyVariable).asText(null) : null;
            if (key == null && call.field.equals("inventorySetQuantities") && version.compareTo("2026-04") >= 0) {
                return errors("The @idempotent directive is required for " + call.field + " from API version 2026-04",
                        "BAD_REQUEST", cost(cost, cost));
            }
            Map<String, JsonNode> args = new LinkedHashMap<>();
            for (Map.Entry<String, String> a : call.arguments.entrySet()) {
                args.put(a.getKey(), variables.path(a.getValue()));
            }
            data.set(call.resultKey(), execute(call.field, key, args));
        }
        ObjectNode response = Json.object();
        response.set("data", data);
        response.set("extensions", Json.object().set("cost", cost(cost, cost)));
        return SimResponse.json(200, response);
    }

    /**
     * Orders placed through the simulator's storefront ship through one fulfillment order each (id = the order's id):
     * {@code order(id) { fulfillmentOrders }} answers it OPEN until {@code fulfillmentCreate} closes it.
     */
    private SimResponse fulfilment(String query, JsonNode variables) {
        ObjectNode data = Json.object();
        if (query.contains("fulfillmentCreate(")) {
            ObjectNode result = data.putObject("fulfillmentCreate");
            for (JsonNode line : variables.path("fulfillment").path("lineItemsByFulfillmentOrder")) {
                fulfilledOrders.add(line.path("fulfillmentOrderId").asText().replace("gid://shopify/FulfillmentOrder/", ""));
            }
            result.putObject("fulfillment").put("id", "gid://shopify/Fulfillment/" + fulfilledOrders.size()).put("status", "SUCCESS");
            result.putArray("userErrors");
        } else {
            String orderGid = variables.path("id").asText();
            String orderId = orderGid.replace("gid://shopify/Order/", "");
            ObjectNode order = data.putObject("order");
            order.put("id", orderGid);
            order.putObject("fulfillmentOrders").putArray("nodes").addObject()
                    .put("id", "gid://shopify/FulfillmentOrder/" + orderId)
                    .put("status", fulfilledOrders.contains(orderId) ? "CLOSED" : "OPEN");
        }
        ObjectNode response = Json.object();
        response.set("data", data);
        return SimResponse.json(200, response);
    }

    private JsonNode execute(String field, String key, Map<String, JsonNode> args) {
        if (key == null) {
            return apply(field, args);
        }
        String scoped = field + ":" + key;
        synchronized (store) {
            JsonNode earlier = idempotent.get(scoped);
            if (earlier != null) {
                return earlier;
            }
            JsonNode result = apply(field, args);
            idempotent.put(scoped, result);
            return result;
        }
    }

    private JsonNode apply(String field, Map<String, JsonNode> args) {
        return switch (field) {
            case "productUpdate" -> productUpdate(args.containsKey("product") ? args.get("product") : args.getOrDefault("input", Json.object()));
            case "productVariantsBulkUpdate" -> variantsBulkUpdate(args.getOrDefault("productId", Json.object()),
                    args.getOrDefault("variants", Json.array()), args.getOrDefault("allowPartialUpdates", Json.object()).asBoolean(false));
            case "inventorySetQuantities" -> inventorySetQuantities(args.getOrDefault("input", Json.object()));
            default -> throw new IllegalStateException(field);
        };
    }

    private ObjectNode productUpdate(JsonNode input) {
        ObjectNode result = Json.object();
        ArrayNode userErrors = Json.array();
        ShopifyProduct changed = null;
        synchronized (store) {
            ShopifyProduct p = store.product(ShopifyIds.numeric(input.path("id").asText(""), "Product"));
            if (p == null) {
                userErrors.add(userError(List.of("id"), "Product does not exist", "PRODUCT_DOES_NOT_EXIST"));
                result.putNull("product");
            } else {
                if (input.hasNonNull("title")) {
                    if (input.get("title").asText().isBlank()) {
                        userErrors.add(userError(List.of("title"), "Title can't be blank", "BLANK"));
                    } else {
                        p.title = input.get("title").asText();
                    }
                }
                if (userErrors.isEmpty()) {
                    if (input.has("descriptionHtml")) {
                        p.bodyHtml = input.get("descriptionHtml").asText(null);
                    }
                    if (input.has("vendor")) {
                        p.vendor = input.get("vendor").asText(null);
                    }
                    if (input.has("productType")) {
                        p.productType = input.get("productType").asText(null);
                    }
                    if (input.has("handle")) {
                        p.handle = input.get("handle").asText();
                    }
                    if (input.hasNonNull("status")) {
                        p.status = input.get("status").asText().toLowerCase();
                    }
                    if (input.has("tags")) {
                        p.tags = tags(input.get("tags"));
                    }
                    ShopifyStore.touch(p, null);
                    changed = p;
                }
                result.set("product", productNode(p));
            }
        }
        result.set("userErrors", userErrors);
        if (changed != null) {
            events.productUpdated(changed);
        }
        return result;
    }

    private ObjectNode variantsBulkUpdate(JsonNode productId, JsonNode inputs, boolean allowPartial) {
        ObjectNode result = Json.object();
        ArrayNode userErrors = Json.array();
        ArrayNode updated = Json.array();
        ShopifyProduct changed = null;
        synchronized (store) {
            ShopifyProduct p = store.product(ShopifyIds.numeric(productId.asText(""), "Product"));
            if (p == null) {
                userErrors.add(userError(List.of("productId"), "Product does not exist", "PRODUCT_DOES_NOT_EXIST"));
                result.putNull("product");
                result.putNull("productVariants");
                result.set("userErrors", userErrors);
                return result;
            }
            List<ShopifyVariant> valid = new ArrayList<>();
            List<JsonNode> validInputs = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                JsonNode in = inputs.get(i);
                ShopifyVariant v = store.variant(ShopifyIds.numeric(in.path("id").asText(""), "ProductVariant"));
                if (v == null || v.productId != p.id) {
                    userErrors.add(userError(List.of("variants", String.valueOf(i), "id"), "Product variant does not exist",
                            "PRODUCT_VARIANT_DOES_NOT_EXIST"));
                    continue;
                }
                String priceError = priceError(in, "price");
                if (priceError == null) {
                    priceError = priceError(in, "compareAtPrice");
                }
                if (priceError != null) {
                    userErrors.add(userError(List.of("variants", String.valueOf(i), priceError), "Price must be a decimal of at least 0", "INVALID_INPUT"));
                    continue;
                }
                valid.add(v);
                validInputs.add(in);
            }
            if (userErrors.isEmpty() || allowPartial) {
                Instant now = Instant.now();
                for (int i = 0; i < valid.size(); i++) {
                    ShopifyVariant v = valid.get(i);
                    JsonNode in = validInputs.get(i);
                    if (in.hasNonNull("price")) {
                        v.price = new BigDecimal(in.get("price").asText());
                    }
                    if (in.has("compareAtPrice")) {
                        v.compareAtPrice = in.get("compareAtPrice").isNull() ? null : new BigDecimal(in.get("compareAtPrice").asText());
                    }
                    if (in.has("barcode")) {
                        v.barcode = in.get("barcode").asText(null);
                    }
                    if (in.has("taxable")) {
                        v.taxable = in.get("taxable").asBoolean();
                    }
                    if (in.hasNonNull("inventoryPolicy")) {
                        v.inventoryPolicy = in.get("inventoryPolicy").asText().toLowerCase();
                    }
                    if (in.path("inventoryItem").has("sku")) {
                        v.sku = in.path("inventoryItem").get("sku").asText(null);
                    }
                    v.updatedAt = now;
                    updated.add(variantNode(v));
                }
                if (!valid.isEmpty()) {
                    p.updatedAt = now;
                    changed = p;
                }
            }
            result.set("product", Json.object().put("id", p.gid()));
            result.set("productVariants", updated);
        }
        result.set("userErrors", userErrors);
        if (changed != null) {
            events.productUpdated(changed);
        }
        return result;
    }

    private ObjectNode inventorySetQuantities(JsonNode input) {
        ObjectNode result = Json.object();
        ArrayNode userErrors = Json.array();
        String name = input.path("name").asText("available");
        boolean ignoreCompare = input.path("ignoreCompareQuantity").asBoolean(false);
        List<ShopifyVariant> changedVariants = new ArrayList<>();
        Set<ShopifyProduct> changedProducts = new LinkedHashSet<>();
        synchronized (store) {
            if (!name.equals("available") && !name.equals("on_hand")) {
                userErrors.add(userError(List.of("input", "name"), "The quantity name must be available or on_hand", "INVALID_NAME"));
            }
            JsonNode quantities = input.path("quantities");
            List<ShopifyVariant> targets = new ArrayList<>();
            List<Integer> values = new ArrayList<>();
            for (int i = 0; i < quantities.size(); i++) {
                JsonNode q = quantities.get(i);
                List<String> path = List.of("input", "quantities", String.valueOf(i));
                ShopifyVariant v = store.variantByInventoryItem(ShopifyIds.numeric(q.path("inventoryItemId").asText(""), "InventoryItem"));
                if (v == null) {
                    userErrors.add(userError(path, "The specified inventory item could not be found.", "INVALID_INVENTORY_ITEM"));
                    continue;
                }
                if (ShopifyIds.numeric(q.path("locationId").asText(""), "Location") != locationId) {
                    userErrors.add(userError(path, "The specified location could not be found.", "INVALID_LOCATION"));
                    continue;
                }
                if (!q.path("quantity").canConvertToInt()) {
                    userErrors.add(userError(path, "The quantity must be an integer.", "INVALID_QUANTITY"));
                    continue;
                }
                if (!ignoreCompare) {
                    if (!q.hasNonNull("compareQuantity")) {
                        userErrors.add(userError(path, "compareQuantity is required unless ignoreCompareQuantity is true.",
                                "COMPARE_QUANTITY_REQUIRED"));
                        continue;
                    }
                    if (q.get("compareQuantity").asInt() != v.inventoryQuantity) {
                        userErrors.add(userError(path, "The compareQuantity argument no longer matches the persisted quantity.",
                                "COMPARE_QUANTITY_STALE"));
                        continue;
                    }
                }
                targets.add(v);
                values.add(q.get("quantity").asInt());
            }
            if (!userErrors.isEmpty()) {
                result.putNull("inventoryAdjustmentGroup");
                result.set("userErrors", userErrors);
                return result;
            }
            Instant now = Instant.now();
            ObjectNode group = Json.object();
            group.put("createdAt", ShopifyTime.graphql(now));
            group.put("reason", input.path("reason").asText("correction"));
            group.put("referenceDocumentUri", input.path("referenceDocumentUri").asText(null));
            ArrayNode changes = group.putArray("changes");
            for (int i = 0; i < targets.size(); i++) {
                ShopifyVariant v = targets.get(i);
                int delta = values.get(i) - v.inventoryQuantity;
                v.oldInventoryQuantity = v.inventoryQuantity;
                v.inventoryQuantity = values.get(i);
                v.updatedAt = now;
                ShopifyProduct p = store.product(v.productId);
                p.updatedAt = now;
                changedVariants.add(v);
                changedProducts.add(p);
                ObjectNode c = changes.addObject();
                c.put("name", name).put("delta", delta).put("quantityAfterChange", v.inventoryQuantity);
                c.set("item", Json.object().put("id", v.inventoryItemGid()));
                c.set("location", Json.object().put("id", "gid://shopify/Location/" + locationId));
            }
            result.set("inventoryAdjustmentGroup", group);
        }
        result.set("userErrors", userErrors);
        changedVariants.forEach(events::inventoryLevelUpdated);
        changedProducts.forEach(events::productUpdated);
        return result;
    }

    private static String priceError(JsonNode in, String field) {
        if (!in.hasNonNull(field)) {
            return null;
        }
        try {
            return new BigDecimal(in.get(field).asText()).signum() < 0 ? field : null;
        } catch (NumberFormatException e) {
            return field;
        }
    }

    private static String tags(JsonNode tags) {
        if (tags.isArray()) {
            List<String> list = new ArrayList<>();
            tags.forEach(t -> list.add(t.asText()));
            return String.join(", ", list);
        }
        return tags.asText("");
    }

    private static ObjectNode productNode(ShopifyProduct p) {
        ObjectNode o = Json.object();
        o.put("id", p.gid()).put("title", p.title).put("descriptionHtml", p.bodyHtml).put("vendor", p.vendor)
                .put("productType", p.productType).put("handle", p.handle).put("status", p.status.toUpperCase())
                .put("updatedAt", ShopifyTime.graphql(p.updatedAt));
        ArrayNode tags = o.putArray("tags");
        if (p.tags != null && !p.tags.isBlank()) {
            for (String t : p.tags.split(",")) {
                tags.add(t.trim());
            }
        }
        return o;
    }

    private static ObjectNode variantNode(ShopifyVariant v) {
        ObjectNode o = Json.object();
        o.put("id", v.gid()).put("title", v.title).put("sku", v.sku).put("barcode", v.barcode)
                .put("price", v.price.toPlainString())
                .put("compareAtPrice", v.compareAtPrice == null ? null : v.compareAtPrice.toPlainString())
                .put("taxable", v.taxable).put("inventoryQuantity", v.inventoryQuantity)
                .put("updatedAt", ShopifyTime.graphql(v.updatedAt));
        o.set("inventoryItem", Json.object().put("id", v.inventoryItemGid()));
        return o;
    }

    private static ObjectNode userError(List<String> field, String message, String code) {
        ObjectNode e = Json.object();
        ArrayNode f = e.putArray("field");
        field.forEach(f::add);
        e.put("message", message);
        e.put("code", code);
        return e;
    }

    private ObjectNode cost(int requested, int actual) {
        ObjectNode c = Json.object();
        c.put("requestedQueryCost", requested);
        c.put("actualQueryCost", actual == 0 ? null : actual);
        ObjectNode t = c.putObject("throttleStatus");
        t.put("maximumAvailable", bucket.capacity());
        t.put("currentlyAvailable", (int) Math.floor(bucket.available()));
        t.put("restoreRate", bucket.leakPerSecond());
        return c;
    }

    private SimResponse errors(String message, String code, ObjectNode cost) {
        ObjectNode r = Json.object();
        ObjectNode e = r.putArray("errors").addObject();
        e.put("message", message);
        e.set("extensions", Json.object().put("code", code)
                .put("documentation", "https://shopify.dev/api/usage/rate-limits"));
        if (cost != null) {
            r.set("extensions", Json.object().set("cost", cost));
        }
        return SimResponse.json(200, r);
    }

    /** The mutation fields of the document with their variable arguments and idempotency directive. */
    static List<Call> parse(String query) {
        String q = query.replaceAll("#[^\\n]*", "");
        List<Call> calls = new ArrayList<>();
        if (!q.stripLeading().startsWith("mutation")) {
            return calls;
        }
        for (String field : MUTATIONS) {
            Matcher m = Pattern.compile("(?:\\b(\\w+)\\s*:\\s*)?\\b" + field + "\\s*\\(([^)]*)\\)\\s*(@idempotent\\s*\\([^)]*\\))?").matcher(q);
            while (m.find()) {
                Map<String, String> args = new LinkedHashMap<>();
                Matcher a = ARGUMENT.matcher(m.group(2));
                while (a.find()) {
                    args.put(a.group(1), a.group(2));
                }
                String literal = null;
                String variable = null;
                if (m.group(3) != null) {
                    Matcher k = IDEMPOTENT.matcher(m.group(3));
                    if (k.find()) {
                        literal = k.group(1);
                        variable = k.group(2);
                    }
                }
                calls.add(new Call(m.group(1), field, args, literal, variable, m.start()));
            }
        }
        calls.sort(java.util.Comparator.comparingInt(Call::position));
        return calls;
    }
}
