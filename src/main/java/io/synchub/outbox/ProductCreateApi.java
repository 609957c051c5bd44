package io.synchub.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synchub.api.ApiException;
import io.synchub.api.JsonBody;
import io.synchub.canonical.CanonicalJson;
import io.synchub.channel.ChannelRegistry;
import io.synchub.platform.PlatformDeclaration;
import io.synchub.platform.PlatformRegistry;
import io.synchub.ownership.OwnershipRules;
import io.synchub.ownership.OwnershipRulesFile;
import io.synchub.product.ApplyResult;
import io.synchub.product.ProductStore;
import io.synchub.product.ProductWrite;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code POST /api/v1/products}: an operator creates a product in the hub (origin NOLIMITS), optionally on platforms
 * ({@code "channelIds": ["SHOPIFY", "WOOCOMMERCE", "JTL"]}). The product and its create jobs commit together; the push
 * routes create it on each platform and store the answered ids as its links. JTL receives every product with a SKU
 * anyway (its push rule); Shopify and WooCommerce only the ones created there or linked by their webhooks.
 */
@Component("productCreateApi")
public class ProductCreateApi {

    private static final Set<String> META = Set.of("channelIds", "clientId");

    private final JdbcTemplate jdbc;
    private final ProductStore store;
    private final OwnershipRulesFile ownership;
    private final Outbox outbox;
    private final PushTargets targets;

    private final PlatformRegistry platforms;

    public ProductCreateApi(JdbcTemplate jdbc, ProductStore store, OwnershipRulesFile ownership, Outbox outbox, PushTargets targets,
                            PlatformRegistry platforms) {
        this.platforms = platforms;
        this.jdbc = jdbc;
        this.store = store;
        this.ownership = ownership;
        this.outbox = outbox;
        this.targets = targets;
    }

    /** Returns the new product's id. */
    @Transactional
    public long create(String body) {
        JsonNode json = JsonBody.object(body);
        String clientId = json.hasNonNull("clientId") ? json.get("clientId").asText() : ChannelRegistry.DEFAULT_CLIENT;
        OwnershipRules rules = ownership.rules();
        ObjectNode fields = CanonicalJson.object();
        List<String> unknown = new ArrayList<>();
        json.fields().forEachRemaining(e -> {
            if (META.contains(e.getKey())) {
                return;
            }
            if (rules.groupOf(clientId, e.getKey()).isEmpty()) {
                unknown.add(e.getKey());
            } else {
                fields.set(e.getKey(), e.getValue());
            }
        });
        if (!unknown.isEmpty()) {
            throw ApiException.unprocessable("unknown field(s) " + unknown + "; GET /api/v1/sync/field-ownership lists the fields");
        }
        if (!fields.hasNonNull("name")) {
            throw ApiException.unprocessable("a new product needs a 'name'");
        }
        Set<String> channels = channels(json.get("channelIds"));
        String sku = fields.hasNonNull("sku") ? fields.get("sku").asText().trim() : null;
        if (sku != null && !jdbc.queryForList("SELECT id FROM products WHERE client_id = ? AND sku = ?", Long.class, clientId, sku).isEmpty()) {
            throw ApiException.conflict("client " + clientId + " already has a product with SKU '" + sku + "'; PATCH that product instead");
        }
        for (String channel : channels) {
            if (sku == null && rules.pushRule(channel).map(r -> r.requiresSku()).orElse(false)) {
                throw ApiException.unprocessable(channel + " needs a SKU: add 'sku' or leave " + channel + " out of channelIds");
            }
        }
        ApplyResult result = store.apply(new ProductWrite(clientId, "NOLIMITS", null, sku, null, fields, true, null));
        long id = result.productId();
        for (String channel : channels) {
            // a target that takes unlinked products (needsLink: false) gets its job from its push rule already
            if (targets.needsLink(channel)) {
                outbox.enqueue(Outbox.ENTITY_PRODUCT, String.valueOf(id), clientId, channel, Outbox.OP_CREATE, 3, "NOLIMITS", null,
                        new LinkedHashSet<>(iterable(fields)));
                outbox.markProductPending(id);
            }
        }
        return id;
    }

    private Set<String> channels(JsonNode list) {
        Set<String> out = new LinkedHashSet<>();
        if (list == null || list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            throw ApiException.badRequest("'channelIds' must be a list of platforms, e.g. [\"SHOPIFY\", \"WOOCOMMERCE\"]");
        }
        for (JsonNode n : list) {
            String p = n.asText().trim().toUpperCase(Locale.ROOT);
            List<String> creating = platforms.all().stream().filter(PlatformDeclaration::creates).map(PlatformDeclaration::origin).toList();
            if (!creating.contains(p)) {
                throw ApiException.unprocessable("unknown channel '" + n.asText() + "'; use " + String.join(", ", creating));
            }
            PlatformDeclaration declared = platforms.get(p);
            if (!targets.enabled(p)) {
                throw ApiException.unprocessable(p + " is not configured on this hub: set " + declared.enableHint()
                        + " or leave it out of channelIds");
            }
            out.add(p);
        }
        return out;
    }

    private static List<String> iterable(ObjectNode fields) {
        List<String> names = new ArrayList<>();
        fields.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
