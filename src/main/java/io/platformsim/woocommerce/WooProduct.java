package io.platformsim.woocommerce;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A product or variation post as the simulated shop holds it (guarded by the store's lock). */
final class WooProduct {
    final long id;
    final long parentId;
    final String type;
    final Instant dateCreated;
    Instant dateModified;
    String name;
    String slug;
    String sku = "";
    String description = "";
    String shortDescription = "";
    BigDecimal regularPrice;
    BigDecimal salePrice;
    String status = "publish";
    String taxStatus = "taxable";
    boolean manageStock;
    Integer stockQuantity;
    String stockStatus = "instock";
    String backorders = "no";
    String weight = "";
    String attributeOption;
    List<String> categories = new ArrayList<>();
    List<String> tags = new ArrayList<>();
    final List<Long> variations = new ArrayList<>();

    WooProduct(long id, long parentId, String type, Instant created) {
        this.id = id;
        this.parentId = parentId;
        this.type = type;
        this.dateCreated = created;
        this.dateModified = created;
    }

    boolean isVariation() {
        return "variation".equals(type);
    }

    /** The active price: the sale price while one is set, else the regular price. */
    BigDecimal price() {
        return salePrice != null ? salePrice : regularPrice;
    }

    /** WooCommerce derives stock_status from the quantity when it manages stock. */
    void deriveStockStatus() {
        if (manageStock && stockQuantity != null) {
            stockStatus = stockQuantity > 0 ? "instock" : "no".equals(backorders) ? "outofstock" : "onbackorder";
        }
    }
}
