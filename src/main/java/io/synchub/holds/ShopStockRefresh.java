package io.synchub.holds;

import io.synchub.outbox.OutboxPlanner;
import io.synchub.product.ProductApi;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * With {@code SYNCHUB_HOLDS_REDUCE_SHOP_STOCK=true} the platforms are offered {@code available − held} (see
 * {@link HubStock#withheld}); whenever the units withheld from a SKU change (a hold is created, released, expired or
 * confirmed) its product's stock is pushed again, planned in the transaction that changed the hold.
 */
@Component
public class ShopStockRefresh {

    private final JdbcTemplate jdbc;
    private final OutboxPlanner planner;
    private final boolean enabled;

    public ShopStockRefresh(JdbcTemplate jdbc, OutboxPlanner planner,
                            @Value("${synchub.holds.reduce-shop-stock:false}") boolean enabled) {
        this.jdbc = jdbc;
        this.planner = planner;
        this.enabled = enabled;
    }

    public boolean enabled() {
        return enabled;
    }

    /** Plans a stock push of the SKU's product to every target that receives stock (caller's transaction). */
    public void withheldChanged(String clientId, String sku) {
        if (!enabled) {
            return;
        }
        List<Map<String, Object>> product = jdbc.queryForList("SELECT id FROM products WHERE client_id = ? AND sku = ? AND deleted = FALSE",
                clientId, sku);
        if (product.isEmpty()) {
            return;
        }
        long id = ((Number) product.get(0).get("id")).longValue();
        var linked = new LinkedHashSet<>(jdbc.queryForList("SELECT platform FROM product_links WHERE product_id = ?", String.class, id));
        planner.planStockRefresh(id, clientId, sku, ProductApi.ORIGIN, linked);
    }
}
