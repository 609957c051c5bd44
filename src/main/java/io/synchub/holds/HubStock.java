package io.synchub.holds;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.api.ApiException;
import io.synchub.canonical.CanonicalJson;
import io.synchub.outbox.WithheldStock;
import io.synchub.product.ProductChange;
import io.synchub.product.ProductChangeListener;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The hub as inventory authority: what can be held is the stored {@code available} (fed by the warehouse or set by an
 * operator) minus the units of active holds and minus the units of confirmed holds the stock feed has not taken off
 * yet, kept per SKU in {@code hold_stock} (this class owns that table: {@code held}, {@code consumed}).
 * A reservation locks the SKU's row ({@code SELECT … FOR UPDATE}, in SKU order), checks, and adds, all in the
 * transaction that stores the hold: on H2 and PostgreSQL alike concurrent holds queue on the row and the second
 * sees the first's units, so together they never reserve more than exists.
 *
 * A confirmed hold's units move from {@code held} to {@code consumed}: the order took them, but {@code available}
 * still counts them until the stock feed reports the lower level. They stay unavailable until the next change of the
 * SKU's stored {@code available} (from the warehouse or an operator), which is taken to include the sale and resets
 * {@code consumed} to 0. (A restock reported before the warehouse counted the sale therefore releases them early;
 * keeping them longer would need the feed to name the orders it counted, which it does not.)
 */
@Order(Ordered.HIGHEST_PRECEDENCE) // among product-change listeners: before the outbox plans, same lock order as a hold
@Component
public class HubStock implements InventoryAuthority, WithheldStock, ProductChangeListener {

    public static final String ID = "hub";

    private static final String STOCK_FIELD = "available";

    private final JdbcTemplate jdbc;
    private final ShopStockRefresh shopStock;

    public HubStock(JdbcTemplate jdbc, ShopStockRefresh shopStock) {
        this.jdbc = jdbc;
        this.shopStock = shopStock;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public boolean preferredByDefault() {
        return false;
    }

    @Override
    public List<ItemAvailability> availability(String clientId, List<HoldItem> items) {
        List<ItemAvailability> out = new ArrayList<>();
        for (HoldItem i : items) {
            long stored = stored(clientId, i.sku()).orElse(0L);
            List<Long> taken = jdbc.queryForList("SELECT held + consumed FROM hold_stock WHERE client_id = ? AND sku = ?", Long.class,
                    clientId, i.sku());
            out.add(ItemAvailability.of(i.sku(), stored - (taken.isEmpty() ? 0 : taken.get(0)), i.quantity()));
        }
        return out;
    }

    @Override
    public Reservation reserve(String clientId, String holdId, HoldRequest request, String idempotencyKey, Instant now) {
        List<String> unknown = new ArrayList<>();
        List<ItemAvailability> answers = new ArrayList<>();
        boolean allOk = true;
        for (HoldItem i : request.items()) { // sorted by SKU: locks are always taken in the same order
            // lock first, then read the stock: a holder that waited sees the stock as it is when its turn comes
            jdbc.update("INSERT INTO hold_stock (client_id, sku, held) VALUES (?, ?, 0) ON CONFLICT DO NOTHING", clientId, i.sku());
            long taken = jdbc.queryForObject("SELECT held + consumed FROM hold_stock WHERE client_id = ? AND sku = ? FOR UPDATE",
                    Long.class, clientId, i.sku());
            Optional<Long> stored = stored(clientId, i.sku());
            if (stored.isEmpty()) {
                unknown.add(i.sku()); // the transaction rolls back: no row is left for an unknown SKU
                continue;
            }
            ItemAvailability a = ItemAvailability.of(i.sku(), stored.get() - taken, i.quantity());
            answers.add(a);
            allOk &= a.ok();
        }
        if (!unknown.isEmpty()) {
            throw ApiException.unprocessable("unknown SKU(s) " + unknown + ": the hub has no product with that SKU");
        }
        if (!allOk) {
            throw new InsufficientInventory(answers);
        }
        for (HoldItem i : request.items()) {
            jdbc.update("UPDATE hold_stock SET held = held + ? WHERE client_id = ? AND sku = ?", i.quantity(), clientId, i.sku());
            shopStock.withheldChanged(clientId, i.sku());
        }
        return new Reservation(null, now.plus(Duration.ofSeconds(request.durationSeconds())));
    }

    @Override
    public void release(String clientId, StoredHold hold) {
        giveBack(clientId, hold);
    }

    /** A confirmed hold is no longer active: its units move from held to consumed until the next stock update. */
    @Override
    public void confirm(String clientId, StoredHold hold) {
        for (HoldItem i : hold.items()) {
            jdbc.queryForList("SELECT held FROM hold_stock WHERE client_id = ? AND sku = ? FOR UPDATE", Long.class, clientId, i.sku());
            jdbc.update("UPDATE hold_stock SET consumed = consumed + ?, held = CASE WHEN held > ? THEN held - ? ELSE 0 END "
                    + "WHERE client_id = ? AND sku = ?", i.quantity(), i.quantity(), i.quantity(), clientId, i.sku());
            shopStock.withheldChanged(clientId, i.sku());
        }
    }

    /** A new stored stock level counts the confirmed units the feed had not taken off before: they are no longer withheld. */
    @Override
    public void onProductChanged(ProductChange change) {
        if (change.sku() == null || !change.changedFields().containsKey(STOCK_FIELD)) {
            return;
        }
        jdbc.update("UPDATE hold_stock SET consumed = 0 WHERE client_id = ? AND sku = ? AND consumed <> 0", change.clientId(), change.sku());
    }

    /** With SYNCHUB_HOLDS_REDUCE_SHOP_STOCK=true: the units of active and not yet counted confirmed holds. */
    @Override
    public long withheld(String clientId, String sku) {
        if (!shopStock.enabled()) {
            return 0;
        }
        List<Long> taken = jdbc.queryForList("SELECT held + consumed FROM hold_stock WHERE client_id = ? AND sku = ?", Long.class,
                clientId, sku);
        return taken.isEmpty() ? 0 : Math.max(0, taken.get(0));
    }

    @Override
    public void expire(String clientId, StoredHold hold) {
        giveBack(clientId, hold);
    }

    @Override
    public Optional<String> statusOf(StoredHold hold) {
        return Optional.of(hold.status());
    }

    private void giveBack(String clientId, StoredHold hold) {
        for (HoldItem i : hold.items()) {
            jdbc.queryForList("SELECT held FROM hold_stock WHERE client_id = ? AND sku = ? FOR UPDATE", Long.class, clientId, i.sku());
            jdbc.update("UPDATE hold_stock SET held = CASE WHEN held > ? THEN held - ? ELSE 0 END WHERE client_id = ? AND sku = ?",
                    i.quantity(), i.quantity(), clientId, i.sku());
            shopStock.withheldChanged(clientId, i.sku());
        }
    }

    /** The stored sellable units of a SKU (a product without 'available' has none); empty when no product has the SKU. */
    private Optional<Long> stored(String clientId, String sku) {
        List<String> fields = jdbc.queryForList("SELECT fields FROM products WHERE client_id = ? AND sku = ? AND deleted = FALSE",
                String.class, clientId, sku);
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        JsonNode available = CanonicalJson.parse(fields.get(0)).get("available");
        return Optional.of(available == null || !available.isNumber() ? 0L : available.asLong());
    }
}
