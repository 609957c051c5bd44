package io.synchub.outbox;

import io.synchub.ownership.OwnershipRules;
import io.synchub.ownership.OwnershipRulesFile;
import io.synchub.ownership.PushRule;
import io.synchub.product.ProductChange;
import io.synchub.product.ProductChangeListener;
import org.springframework.stereotype.Component;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Decides, inside the transaction that stores a product change, which targets must hear about it:
 * a target gets a job only when a field its push rule names changed; never the change's own origin (it already
 * holds those values); a target whose declaration says needsLink only for products linked to it; a push rule with
 * requiresSku only for products with a SKU. A target that declares {@code push.stock: separate} gets the stock level
 * as its own operation, elsewhere it travels with the product.
 */
@Component
public class OutboxPlanner implements ProductChangeListener {

    static final int PRIORITY_STOCK = 1;
    static final int PRIORITY_PRODUCT = 5;
    private static final String STOCK_FIELD = "available";
    private static final String HUB_ORIGIN = "NOLIMITS";

    private final Outbox outbox;
    private final OwnershipRulesFile ownership;
    private final PushTargets targets;

    public OutboxPlanner(Outbox outbox, OwnershipRulesFile ownership, PushTargets targets) {
        this.outbox = outbox;
        this.ownership = ownership;
        this.targets = targets;
    }

    @Override
    public void onProductChanged(ProductChange change) {
        plan(change.productId(), change.clientId(), change.sku(), change.origin(), change.inboxId(),
                change.changedFields().keySet(), change.linkedPlatforms(), Set.of());
    }

    /** The refusing platform gets the hub's values of those fields again (and no other target: nothing changed). */
    @Override
    public void onValuesRefused(long productId, String clientId, String sku, String platform, Set<String> fields, Long inboxId) {
        Set<String> others = new LinkedHashSet<>(targets.enabledTargets());
        others.remove(platform);
        plan(productId, clientId, sku, HUB_ORIGIN, inboxId, fields, Set.of(platform), others);
    }

    /**
     * Plans jobs for the given changed fields; also used by {@code POST /products/{id}/sync} with every field.
     * Returns the targets that got a job.
     */
    public Set<String> plan(long productId, String clientId, String sku, String origin, Long inboxId, Set<String> changed,
                            Set<String> linkedPlatforms, Set<String> skipTargets) {
        Set<String> planned = planJobs(productId, clientId, sku, origin, inboxId, changed, linkedPlatforms, skipTargets);
        if (!planned.isEmpty()) {
            outbox.markProductPending(productId);
        }
        return planned;
    }

    /**
     * Plans a push of the product's stock level although the product itself did not change (the units withheld from
     * it did). Leaves the product's sync status alone, so a caller that holds other locks never waits on the product row.
     */
    public Set<String> planStockRefresh(long productId, String clientId, String sku, String origin, Set<String> linkedPlatforms) {
        return planJobs(productId, clientId, sku, origin, null, Set.of(STOCK_FIELD), linkedPlatforms, Set.of());
    }

    private Set<String> planJobs(long productId, String clientId, String sku, String origin, Long inboxId, Set<String> changed,
                                 Set<String> linkedPlatforms, Set<String> skipTargets) {
        OwnershipRules rules = ownership.rules();
        Set<String> planned = new LinkedHashSet<>();
        for (String target : targets.enabledTargets()) {
            if (target.equals(origin) || skipTargets.contains(target)) {
                continue;
            }
            PushRule rule = rules.pushRule(target).orElse(null);
            if (rule == null || (rule.requiresSku() && (sku == null || sku.isBlank()))) {
                continue;
            }
            if (targets.needsLink(target) && !linkedPlatforms.contains(target)) {
                continue;
            }
            Set<String> productFields = new LinkedHashSet<>();
            Set<String> stockFields = new LinkedHashSet<>();
            for (String field : changed) {
                if (!rules.pushes(target, clientId, field)) {
                    continue;
                }
                if (STOCK_FIELD.equals(field) && targets.stockSeparate(target)) {
                    stockFields.add(field);
                } else {
                    productFields.add(field);
                }
            }
            String entityId = String.valueOf(productId);
            if (!stockFields.isEmpty()) {
                outbox.enqueue(Outbox.ENTITY_PRODUCT, entityId, clientId, target, Outbox.OP_STOCK, PRIORITY_STOCK, origin, inboxId, stockFields);
                planned.add(target);
            }
            if (!productFields.isEmpty()) {
                int priority = productFields.contains(STOCK_FIELD) ? PRIORITY_STOCK : PRIORITY_PRODUCT;
                outbox.enqueue(Outbox.ENTITY_PRODUCT, entityId, clientId, target, Outbox.OP_UPDATE, priority, origin, inboxId, productFields);
                planned.add(target);
            }
        }
        return planned;
    }
}
