package io.platformsim.jtl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.platformsim.core.Catalogue;
import io.platformsim.core.CatalogueSpec;
import io.platformsim.core.CatalogueVariant;
import io.platformsim.core.Json;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The fulfiller's side of the merchant account: products (jfsku ⇄ merchantSku), stock per warehouse with an
 * ascending stockVersion per change, the stock-change feed, outbounds with their status feed, and every product push
 * received. Quantities are decimals, as in FFN. All access goes through this object's lock.
 */
final class JtlWarehouse {

    static final String WAREHOUSE_ACTIVITY = "fulfiller";

    private static final class Level {
        BigDecimal stock = BigDecimal.ZERO;
        BigDecimal reserved = BigDecimal.ZERO;
        BigDecimal blocked = BigDecimal.ZERO;
        BigDecimal announced = BigDecimal.ZERO;
        long version;
    }

    private static final class Item {
        final String jfsku;
        final String merchantSku;
        final Map<String, Level> levels = new TreeMap<>();
        ObjectNode product;

        Item(String jfsku, String merchantSku) {
            this.jfsku = jfsku;
            this.merchantSku = merchantSku;
        }
    }

    private final List<String> warehouses;
    private final Map<String, Item> byJfsku = new TreeMap<>();
    private final Map<String, Item> bySku = new HashMap<>();
    private final List<String> jfskus = new ArrayList<>();
    private final ChangeFeed stockFeed = new ChangeFeed();
    private final ChangeFeed outboundFeed = new ChangeFeed();
    private final Map<String, ObjectNode> outbounds = new LinkedHashMap<>();
    private final Map<String, String> outboundByNumber = new HashMap<>();
    private final List<JsonNode> productPushes = new ArrayList<>();
    private long nextVersion = 1;
    private long nextJfsku = 1;
    private long nextOutbound = 1;

    JtlWarehouse(List<String> warehouses) {
        this.warehouses = List.copyOf(warehouses);
    }

    /** Every catalogue variant with a SKU is a product here (FFN needs a merchantSku) with its initial stock as an Inbound. */
    synchronized void load(CatalogueSpec spec) {
        Catalogue.stream(spec).forEach(c -> {
            SplittableRandom r = new SplittableRandom(spec.seed() * 31 + c.index());
            for (CatalogueVariant v : c.variants()) {
                if (v.sku() == null) {
                    continue;
                }
                Item item = newItem(v.sku());
                item.product = Json.object().put("jfsku", item.jfsku).put("merchantSku", v.sku()).put("name", c.title() + " " + v.title());
                BigDecimal stock = BigDecimal.valueOf(v.stock());
                if (r.nextDouble() < 0.02) {
                    stock = stock.add(new BigDecimal("0.5"));
                }
                String warehouse = warehouses.get(r.nextDouble() < 0.8 || warehouses.size() == 1 ? 0 : 1);
                change(item, warehouse, "Inbound", stock, BigDecimal.ZERO, BigDecimal.ZERO, WAREHOUSE_ACTIVITY);
            }
        });
    }

    private Item newItem(String merchantSku) {
        String jfsku = String.format("SIMF%07X", nextJfsku++);
        Item item = new Item(jfsku, merchantSku);
        byJfsku.put(jfsku, item);
        bySku.put(merchantSku, item);
        jfskus.add(jfsku);
        return item;
    }

    /** Applies deltas to one (warehouse, jfsku) and appends the StockChange (ascending stockVersion). */
    private void change(Item item, String warehouseId, String type, BigDecimal quantity, BigDecimal reserved,
                        BigDecimal blocked, String applicationId) {
        Level l = item.levels.computeIfAbsent(warehouseId, w -> new Level());
        l.stock = l.stock.add(quantity);
        l.reserved = l.reserved.add(reserved);
        l.blocked = l.blocked.add(blocked);
        l.version = nextVersion++;
        long version = l.version;
        BigDecimal stock = l.stock;
        BigDecimal res = l.reserved;
        BigDecimal blk = l.blocked;
        BigDecimal ann = l.announced;
        stockFeed.append(applicationId, at -> {
            ObjectNode c = Json.object();
            c.set("stockChangeId", Json.object().put("warehouseId", warehouseId).put("jfsku", item.jfsku).put("stockVersion", version));
            c.put("fulfillerStockChangeId", "FSC-" + version);
            c.put("merchantSku", item.merchantSku);
            c.put("stockLevel", scaled(stock));
            c.put("stockLevelReserved", scaled(res));
            c.put("stockLevelBlocked", scaled(blk));
            c.put("stockLevelAnnounced", scaled(ann));
            c.put("quantity", scaled(quantity));
            c.put("quantityReserved", scaled(reserved));
            c.put("quantityBlocked", scaled(blocked));
            c.put("quantityAnnounced", scaled(BigDecimal.ZERO));
            c.put("changeType", type);
            c.put("current", true);
            c.set("modificationInfo", Json.object().put("createdAt", JtlTime.format(at)).put("updatedAt", JtlTime.format(at)).put("state", "Modified"));
            c.put("fulfillerTimestamp", JtlTime.format(at));
            c.putNull("batch");
            c.putNull("bestBefore");
            return c;
        });
    }

    private static BigDecimal scaled(BigDecimal v) {
        return v.scale() < 1 ? v.setScale(1) : v;
    }

    /** One simulated warehouse movement of a random product: inbound, shipment, count adjustment or blocking. */
    synchronized String randomMovement(SplittableRandom r) {
        if (jfskus.isEmpty()) {
            return null;
        }
        Item item = byJfsku.get(jfskus.get(r.nextInt(jfskus.size())));
        String warehouse = item.levels.isEmpty() ? warehouses.get(0) : item.levels.keySet().iterator().next();
        Level l = item.levels.computeIfAbsent(warehouse, w -> new Level());
        double roll = r.nextDouble();
        BigDecimal free = l.stock.subtract(l.reserved).subtract(l.blocked);
        if (roll < 0.2 || free.compareTo(BigDecimal.ONE) < 0) {
            change(item, warehouse, "Inbound", BigDecimal.valueOf(5 + r.nextInt(46)), BigDecimal.ZERO, BigDecimal.ZERO, WAREHOUSE_ACTIVITY);
        } else if (roll < 0.7) {
            BigDecimal q = BigDecimal.valueOf(1 + r.nextInt(3)).min(free);
            change(item, warehouse, "Delivery", q.negate(), BigDecimal.ZERO, BigDecimal.ZERO, WAREHOUSE_ACTIVITY);
        } else if (roll < 0.9) {
            BigDecimal q = BigDecimal.valueOf(r.nextInt(7) - 3);
            if (l.stock.add(q).signum() < 0) {
                q = l.stock.negate();
            }
            change(item, warehouse, "Adjustment", q, BigDecimal.ZERO, BigDecimal.ZERO, WAREHOUSE_ACTIVITY);
        } else {
            change(item, warehouse, "ConditionChanged", BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ONE, WAREHOUSE_ACTIVITY);
        }
        return item.merchantSku;
    }

    /** Sets the stock of a SKU in its first warehouse to {@code level} (an Adjustment); false when the SKU is unknown. */
    synchronized boolean adjust(String merchantSku, BigDecimal level) {
        Item item = bySku.get(merchantSku);
        if (item == null) {
            return false;
        }
        String warehouse = item.levels.isEmpty() ? warehouses.get(0) : item.levels.keySet().iterator().next();
        Level l = item.levels.computeIfAbsent(warehouse, w -> new Level());
        change(item, warehouse, "Adjustment", level.subtract(l.stock), BigDecimal.ZERO, BigDecimal.ZERO, WAREHOUSE_ACTIVITY);
        return true;
    }

    ChangeFeed stockFeed() {
        return stockFeed;
    }

    ChangeFeed outboundFeed() {
        return outboundFeed;
    }

    synchronized int productCount() {
        return byJfsku.size();
    }

    synchronized String jfskuOf(String merchantSku) {
        Item item = bySku.get(merchantSku);
        return item == null ? null : item.jfsku;
    }

    /** The Stock resource of one product (totals over warehouses plus the per-warehouse figures). */
    synchronized ObjectNode stock(String jfsku) {
        Item item = byJfsku.get(jfsku);
        return item == null ? null : stockNode(item);
    }

    synchronized List<ObjectNode> stocks(int skip, int top) {
        List<ObjectNode> out = new ArrayList<>();
        for (int i = skip; i < Math.min(jfskus.size(), skip + top); i++) {
            out.add(stockNode(byJfsku.get(jfskus.get(i))));
        }
        return out;
    }

    private ObjectNode stockNode(Item item) {
        ObjectNode s = Json.object();
        s.put("jfsku", item.jfsku);
        s.put("merchantSku", item.merchantSku);
        BigDecimal stock = BigDecimal.ZERO;
        BigDecimal reserved = BigDecimal.ZERO;
        BigDecimal blocked = BigDecimal.ZERO;
        BigDecimal announced = BigDecimal.ZERO;
        ArrayNode ws = Json.array();
        for (Map.Entry<String, Level> e : item.levels.entrySet()) {
            Level l = e.getValue();
            stock = stock.add(l.stock);
            reserved = reserved.add(l.reserved);
            blocked = blocked.add(l.blocked);
            announced = announced.add(l.announced);
            ws.addObject().put("warehouseId", e.getKey()).put("stockLevel", scaled(l.stock)).put("stockLevelReserved", scaled(l.reserved))
                    .put("stockLevelBlocked", scaled(l.blocked)).put("stockLevelAnnounced", scaled(l.announced));
        }
        s.put("stockLevel", scaled(stock));
        s.put("stockLevelReserved", scaled(reserved));
        s.put("stockLevelBlocked", scaled(blocked));
        s.put("stockLevelAnnounced", scaled(announced));
        s.putArray("stockLevelDetails");
        s.putArray("stockReservedDetails");
        s.putArray("stockAnnouncedDetails");
        s.set("warehouses", ws);
        return s;
    }

    int stockCount() {
        synchronized (this) {
            return jfskus.size();
        }
    }

    // ---- products ----------------------------------------------------------------------------------------------

    /** Records a product push (create); an existing merchantSku is a conflict carrying its jfsku. */
    synchronized ObjectNode createProduct(JsonNode body) {
        productPushes.add(body.deepCopy());
        String sku = body.path("merchantSku").asText("");
        Item existing = bySku.get(sku);
        if (existing != null) {
            return Json.object().put("conflict", true).put("jfsku", existing.jfsku);
        }
        Item item = newItem(sku);
        item.product = ((ObjectNode) body.deepCopy()).put("jfsku", item.jfsku);
        return item.product.deepCopy();
    }

    /** Records a product push (update by jfsku), merging the fields; null when the jfsku is unknown. */
    synchronized ObjectNode updateProduct(String jfsku, JsonNode body) {
        productPushes.add(((ObjectNode) body.deepCopy()).put("jfsku", jfsku));
        Item item = byJfsku.get(jfsku);
        if (item == null) {
            return null;
        }
        body.fields().forEachRemaining(f -> {
            if (!f.getKey().equals("jfsku") && !f.getKey().equals("merchantSku")) {
                item.product.set(f.getKey(), f.getValue().deepCopy());
            }
        });
        return item.product.deepCopy();
    }

    synchronized ObjectNode product(String jfsku) {
        Item item = byJfsku.get(jfsku);
        return item == null ? null : item.product.deepCopy();
    }

    synchronized List<ObjectNode> products(String merchantSku, int skip, int top) {
        List<ObjectNode> out = new ArrayList<>();
        if (merchantSku != null) {
            Item item = bySku.get(merchantSku);
            if (item != null) {
                out.add(item.product.deepCopy());
            }
            return out;
        }
        for (int i = skip; i < Math.min(jfskus.size(), skip + top); i++) {
            out.add(byJfsku.get(jfskus.get(i)).product.deepCopy());
        }
        return out;
    }

    synchronized List<JsonNode> productPushes() {
        return new ArrayList<>(productPushes);
    }

    // ---- outbounds ---------------------------------------------------------------------------------------------

    /** Outcome of an outbound request: the created outbound, or a status and reason. */
    record OutboundResult(ObjectNode outbound, int status, String reason) {
    }

    /** Creates an outbound (status Pending) and reserves its items' stock; the reservations are the caller's own changes. */
    synchronized OutboundResult createOutbound(JsonNode body, String applicationId) {
        String number = body.path("merchantOutboundNumber").asText("");
        if (number.isBlank()) {
            return new OutboundResult(null, 400, "merchantOutboundNumber is required");
        }
        if (outboundByNumber.containsKey(number)) {
            return new OutboundResult(outbounds.get(outboundByNumber.get(number)).deepCopy(), 409,
                    "an outbound with merchantOutboundNumber " + number + " exists already");
        }
        JsonNode items = body.path("items");
        if (!items.isArray() || items.isEmpty()) {
            return new OutboundResult(null, 400, "items must list at least one item");
        }
        List<Item> resolved = new ArrayList<>();
        for (JsonNode i : items) {
            Item item = i.hasNonNull("jfsku") ? byJfsku.get(i.get("jfsku").asText()) : bySku.get(i.path("merchantSku").asText(""));
            if (item == null) {
                return new OutboundResult(null, 400, "unknown product in items: " + (i.hasNonNull("jfsku") ? i.get("jfsku") : i.path("merchantSku")));
            }
            if (!i.path("quantity").isNumber() || i.get("quantity").decimalValue().signum() <= 0) {
                return new OutboundResult(null, 400, "every item needs a positive quantity");
            }
            resolved.add(item);
        }
        String id = String.format("SIMO%08d", nextOutbound++);
        ObjectNode o = ((ObjectNode) body.deepCopy());
        o.put("outboundId", id);
        o.put("warehouseId", warehouses.get(0));
        o.put("status", "Pending");
        ArrayNode outItems = o.putArray("items");
        for (int n = 0; n < resolved.size(); n++) {
            Item item = resolved.get(n);
            BigDecimal q = items.get(n).get("quantity").decimalValue();
            ((ObjectNode) outItems.addObject().setAll((ObjectNode) items.get(n).deepCopy())).put("jfsku", item.jfsku).put("merchantSku", item.merchantSku);
            change(item, warehouses.get(0), "Reservation", BigDecimal.ZERO, q, BigDecimal.ZERO, applicationId);
        }
        outbounds.put(id, o);
        outboundByNumber.put(number, id);
        publishOutbound(o, applicationId);
        return new OutboundResult(o.deepCopy(), 201, null);
    }

    /** The warehouse works on open outbounds: Pending → Acknowledged → Shipped (a Delivery that uses up the reservation). */
    synchronized int advanceOutbounds() {
        int advanced = 0;
        for (ObjectNode o : outbounds.values()) {
            String status = o.path("status").asText();
            if (status.equals("Pending")) {
                o.put("status", "Acknowledged");
            } else if (status.equals("Acknowledged")) {
                o.put("status", "Shipped");
                for (JsonNode i : o.path("items")) {
                    BigDecimal q = i.get("quantity").decimalValue();
                    change(byJfsku.get(i.get("jfsku").asText()), o.get("warehouseId").asText(), "Delivery", q.negate(), q.negate(),
                            BigDecimal.ZERO, WAREHOUSE_ACTIVITY);
                }
            } else {
                continue;
            }
            publishOutbound(o, WAREHOUSE_ACTIVITY);
            advanced++;
        }
        return advanced;
    }

    private void publishOutbound(ObjectNode o, String applicationId) {
        ObjectNode snapshot = o.deepCopy();
        outboundFeed.append(applicationId, at -> {
            ObjectNode copy = snapshot.deepCopy();
            copy.set("modificationInfo", Json.object().put("createdAt", JtlTime.format(at)).put("updatedAt", JtlTime.format(at)).put("state", "Modified"));
            return copy;
        });
    }

    synchronized ObjectNode outbound(String id) {
        ObjectNode o = outbounds.get(id);
        return o == null ? null : o.deepCopy();
    }
}
