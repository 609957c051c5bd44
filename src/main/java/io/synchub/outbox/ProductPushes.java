package io.synchub.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synchub.canonical.CanonicalJson;
import io.synchub.echo.EchoLedger;
import io.synchub.mapping.JsonataMappings;
import io.synchub.ownership.FieldGroup;
import io.synchub.ownership.OwnershipRules;
import io.synchub.ownership.OwnershipRulesFile;
import io.synchub.ownership.PushRule;
import io.synchub.platform.PlatformRegistry;
import io.synchub.product.ProductLink;
import io.synchub.product.ProductStore;
import io.synchub.product.StoredProduct;
import org.apache.camel.Exchange;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The platform-neutral half of a product push. {@link #prepare} reads the product's latest state and hands the
 * {@code -out} mapping only the fields the target's push rule allows; {@link #recordEcho} writes what left the hub
 * to the echo ledger after the platform accepted it, so the webhook that repeats it is skipped.
 *
 * The mapping input: {@code {jobId, idempotencyKey, operation, clientId, productId, sku, link{productId, variantId,
 * inventoryItemId}, siblings, fields{…pushed…}, changedFields[…], locationId (the target's declared settings.locationId,
 * as configured), compareQuantity, ignoreCompareQuantity}}.
 */
@Component("productPushes")
public class ProductPushes {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ProductPushes.class);

    public static final String PUSHED_VALUES = "pushedValues";
    public static final String PUSH_EXTERNAL_ID = "pushExternalId";
    public static final String PUSH_LINK = "pushLink";

    private final JdbcTemplate jdbc;
    private final ProductStore store;
    private final OwnershipRulesFile ownership;
    private final EchoLedger echoLedger;
    private final PushTargets targets;
    private final PlatformRegistry platforms;
    private final JsonataMappings mappings;
    private final ObjectProvider<WithheldStock> withheld;

    public ProductPushes(JdbcTemplate jdbc, ProductStore store, OwnershipRulesFile ownership, EchoLedger echoLedger,
                         PushTargets targets, PlatformRegistry platforms, JsonataMappings mappings,
                         ObjectProvider<WithheldStock> withheld) {
        this.withheld = withheld;
        this.jdbc = jdbc;
        this.store = store;
        this.ownership = ownership;
        this.echoLedger = echoLedger;
        this.targets = targets;
        this.platforms = platforms;
        this.mappings = mappings;
    }

    /** Sets the mapping input as the body; throws {@link PushSkipped} when there is nothing to push any more. */
    public String prepare(Exchange exchange) {
        OutboxJob job = exchange.getProperty(OutboxJob.PROPERTY, OutboxJob.class);
        StoredProduct product = store.findById(job.productId())
                .orElseThrow(() -> new PushSkipped("product " + job.entityId() + " no longer exists"));
        OwnershipRules rules = ownership.rules();
        PushRule rule = rules.pushRule(job.target())
                .orElseThrow(() -> new PushSkipped("ownership.yaml has no push rule for " + job.target() + " any more"));
        if (rule.requiresSku() && (product.sku() == null || product.sku().isBlank())) {
            throw new PushSkipped("product " + job.entityId() + " has no SKU, which " + job.target() + " needs; set one with PATCH");
        }
        ProductLink link = store.links(job.productId()).stream().filter(l -> l.platform().equals(job.target())).findFirst().orElse(null);
        if (link == null && targets.needsLink(job.target()) && !Outbox.OP_CREATE.equals(job.operation())) {
            throw new PushSkipped("product " + job.entityId() + " is no longer linked to " + job.target());
        }
        ObjectNode pushed = pushedValues(rules, rule, product);
        withhold(pushed, product);
        ObjectNode in = CanonicalJson.object();
        in.put("jobId", job.id());
        in.put("idempotencyKey", job.idempotencyKey());
        in.put("operation", job.operation());
        in.put("clientId", job.clientId());
        in.put("productId", product.id());
        in.put("sku", product.sku());
        ObjectNode l = in.putObject("link");
        if (link != null) {
            l.put("productId", link.externalProductId());
            l.put("variantId", link.externalVariantId());
            l.put("inventoryItemId", link.inventoryItemId());
            in.put("siblings", jdbc.queryForObject("SELECT COUNT(*) FROM product_links WHERE platform = ? AND client_id = ? "
                    + "AND external_product_id = ?", Long.class, link.platform(), job.clientId(), link.externalProductId()));
            in.put("isVariation", link.externalProductId() != null && !link.externalProductId().equals(link.externalVariantId()));
        } else {
            in.put("siblings", 0);
            in.put("isVariation", false);
        }
        in.set("fields", pushed);
        var changed = in.putArray("changedFields");
        Outbox.split(job.changedFields()).forEach(changed::add);
        String locationId = platforms.find(job.target()).map(p -> p.setting("locationId")).orElse("");
        in.put("locationId", locationId.isBlank() ? null : locationId);
        JsonNode lastPushedStock = link == null ? null : lastPushed(job.target(), job.clientId(), link.externalVariantId(), "available");
        in.set("compareQuantity", lastPushedStock);
        in.put("ignoreCompareQuantity", lastPushedStock == null || job.afterStaleCompare());
        exchange.setProperty(PUSHED_VALUES, pushed);
        exchange.setProperty(PUSH_LINK, link);
        exchange.setProperty(PUSH_EXTERNAL_ID, link == null ? null : link.externalVariantId());
        return CanonicalJson.write(in);
    }

    /** The offered stock: the stored level minus the units withheld for the SKU (holds), never below zero. */
    private void withhold(ObjectNode pushed, StoredProduct product) {
        JsonNode available = pushed.get("available");
        if (available == null || !available.isNumber() || product.sku() == null) {
            return;
        }
        long units = withheld.stream().mapToLong(w -> w.withheld(product.clientId(), product.sku())).sum();
        if (units > 0) {
            pushed.put("available", Math.max(0, available.asLong() - units));
        }
    }

    /** Records the pushed state in the echo ledger (call after the platform accepted the push). */
    public void recordEcho(Exchange exchange) {
        OutboxJob job = exchange.getProperty(OutboxJob.PROPERTY, OutboxJob.class);
        String externalId = exchange.getProperty(PUSH_EXTERNAL_ID, String.class);
        ObjectNode pushed = exchange.getProperty(PUSHED_VALUES, ObjectNode.class);
        if (externalId != null && pushed != null) {
            echoLedger.recordPush(job.target(), job.clientId(), externalId, pushed,
                    io.synchub.echo.AnsweredStateTime.of(exchange.getMessage().getBody()));
        }
    }

    /**
     * Links a product the target created for the hub: the target's {@code <id>/product-created-in} mapping reads the
     * answer and names {productId, variantId, inventoryItemId}, so later pushes update it (and polls find it).
     */
    public void linkCreated(Exchange exchange, String answer) {
        OutboxJob job = exchange.getProperty(OutboxJob.PROPERTY, OutboxJob.class);
        String platformId = platforms.get(job.target()).id();
        JsonNode ids;
        try {
            ids = CanonicalJson.parse(mappings.map(platformId + "/product-created-in", answer == null || answer.isBlank() ? "{}" : answer));
        } catch (IllegalArgumentException e) {
            ids = null;
        }
        if (ids == null || !ids.hasNonNull("productId") || !ids.hasNonNull("variantId")) {
            throw new PushFailure(ErrorClass.SERVER, job.target() + " accepted the create but its answer names no product id: "
                    + (answer == null ? "" : answer.substring(0, Math.min(500, answer.length()))));
        }
        ProductLink link = new ProductLink(job.target(), ids.get("productId").asText(), ids.get("variantId").asText(),
                ids.hasNonNull("inventoryItemId") ? ids.get("inventoryItemId").asText() : null);
        jdbc.update("INSERT INTO product_links (product_id, platform, client_id, external_product_id, external_variant_id, "
                        + "inventory_item_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", job.productId(), job.target(),
                job.clientId(), link.externalProductId(), link.externalVariantId(), link.inventoryItemId(), Timestamp.from(Instant.now()));
        exchange.setProperty(PUSH_EXTERNAL_ID, link.externalVariantId());
        LOG.debug("product {} created on {} as {} / {}", job.entityId(), job.target(), link.externalProductId(), link.externalVariantId());
    }

    /** The product's values of every field the rule pushes (nulls left out: the hub never clears a platform field). */
    static ObjectNode pushedValues(OwnershipRules rules, PushRule rule, StoredProduct product) {
        Set<String> candidates = new LinkedHashSet<>(rule.fields());
        for (FieldGroup g : rules.groups()) {
            candidates.addAll(g.fields());
        }
        product.fields().fieldNames().forEachRemaining(candidates::add);
        ObjectNode out = CanonicalJson.object();
        for (String f : candidates) {
            JsonNode v = product.fields().get(f);
            if (v != null && !v.isNull() && rules.pushes(rule.target(), product.clientId(), f)) {
                out.set(f, v);
            }
        }
        return out;
    }

    private JsonNode lastPushed(String platform, String clientId, String externalId, String field) {
        return echoLedger.lastPushed(platform, clientId, externalId, field);
    }
}
