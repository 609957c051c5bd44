package io.synchub.platform.shopify;

import io.synchub.outbox.ErrorClass;
import io.synchub.outbox.OutboxJob;
import io.synchub.outbox.ProductPushes;
import io.synchub.outbox.PushRejected;
import io.synchub.outbox.PushSkipped;
import io.synchub.platform.PlatformRegistry;
import io.synchub.product.ProductLink;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** Stock to Shopify needs a level, the variant's inventory item and the location the hub manages (SHOPIFY_LOCATION_ID). */
@Component("shopifyStock")
public class ShopifyStock {

    private final PlatformRegistry platforms;

    public ShopifyStock(PlatformRegistry platforms) {
        this.platforms = platforms;
    }

    public void requireStockTarget(Exchange exchange) {
        OutboxJob job = exchange.getProperty(OutboxJob.PROPERTY, OutboxJob.class);
        ProductLink link = exchange.getProperty(ProductPushes.PUSH_LINK, ProductLink.class);
        ObjectNode pushed = exchange.getProperty(ProductPushes.PUSHED_VALUES, ObjectNode.class);
        if (!pushed.hasNonNull("available")) {
            throw new PushSkipped("product " + job.entityId() + " has no stock level to push");
        }
        if (link.inventoryItemId() == null) {
            throw new PushRejected(ErrorClass.VALIDATION, "the Shopify variant " + link.externalVariantId()
                    + " has no known inventory item id; the next products/update webhook from Shopify links it, then replay");
        }
        if (platforms.setting("shopify", "locationId").isBlank()) {
            throw new PushRejected(ErrorClass.VALIDATION, "no Shopify location is configured for stock: set SHOPIFY_LOCATION_ID, then replay");
        }
    }
}
