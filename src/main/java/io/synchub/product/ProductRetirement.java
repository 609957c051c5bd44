package io.synchub.product;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synchub.api.ApiException;
import io.synchub.api.Paging;
import io.synchub.canonical.CanonicalJson;
import io.synchub.changelog.ChangeLog;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Instant;

/**
 * Deleting a product (table product_retirements): the product stays in the central store, inactive
 * ({@code isActive: false}, written through the ownership merge like any edit, so platforms receive what
 * {@code ownership.yaml} pushes them and never a delete), and POS registers get it as a tombstone on their next pull.
 * A shop's delete retires the product only when no other platform still links it; otherwise only that link goes.
 */
@Component("productRetirement")
public class ProductRetirement {

    private static final Logger LOG = LoggerFactory.getLogger(ProductRetirement.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ProductStore store;
    private final ChangeLog changeLog;

    public ProductRetirement(JdbcTemplate jdbc, PlatformTransactionManager txManager, ProductStore store, ChangeLog changeLog) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(txManager);
        this.store = store;
        this.changeLog = changeLog;
    }

    /** DELETE /api/v1/products/{id}: 204; 404 for an unknown product. Deleting again changes nothing. */
    public void deleteFromApi(@Header("id") String id, Exchange exchange) {
        retire(Paging.id("id", id), ProductApi.ORIGIN, null);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
        exchange.getMessage().setBody(null);
    }

    /** A shop's products/delete: its links go; a product no other platform links any more is retired. */
    public void platformDeleted(String platform, String clientId, String externalProductId, Long inboxId) {
        tx.executeWithoutResult(s -> {
            for (Long id : store.unlinkPlatformProduct(platform, clientId, externalProductId, inboxId)) {
                Long links = jdbc.queryForObject("SELECT COUNT(*) FROM product_links WHERE product_id = ?", Long.class, id);
                if (links == 0) {
                    retire(id, platform, inboxId);
                } else {
                    LOG.info("product {} deleted in {} stays active: {} other platform link(s) remain", id, platform, links);
                }
            }
        });
    }

    private void retire(long productId, String origin, Long inboxId) {
        tx.executeWithoutResult(s -> {
            StoredProduct p = store.findById(productId).orElseThrow(() -> ApiException.notFound("product " + productId));
            store.lockById(productId);
            if (!jdbc.queryForList("SELECT product_id FROM product_retirements WHERE product_id = ?", Long.class, productId).isEmpty()) {
                return;
            }
            ObjectNode inactive = CanonicalJson.object().put("isActive", false);
            store.applyTo(productId, new ProductWrite(p.clientId(), origin, null, null, null, inactive, false, inboxId));
            jdbc.update("INSERT INTO product_retirements (product_id, origin, retired_at) VALUES (?, ?, ?)", productId, origin,
                    Timestamp.from(Instant.now()));
            // registers pull the latest change of each product: this one makes it a tombstone there
            changeLog.append(ProductStore.ENTITY_TYPE, String.valueOf(productId), null, "delete", origin);
            LOG.info("product {} deleted by {}: inactive in the store, a tombstone for POS registers", productId, origin);
        });
    }
}
