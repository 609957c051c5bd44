package io.synchub.echo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synchub.canonical.CanonicalJson;
import io.synchub.ownership.OwnershipRules;
import io.synchub.ownership.OwnershipRulesFile;
import io.synchub.product.ProductWrite;
import org.apache.camel.spi.IdempotentRepository;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The outbound ledger, seen by the inbound side as an idempotent repository: a delivery "was already processed"
 * when the values it carries for the fields the hub pushes to that platform equal what the hub itself last pushed
 * to that item, i.e. it is the platform echoing the hub's own write. Fields the delivery does not carry are not
 * compared (a webhook rarely carries every pushed field).
 *
 * The push side calls {@link #recordPush} after each successful push; {@link #add} never stores anything, so an
 * inbound delivery can not make a later genuine change look like an echo.
 */
@Component("echoLedger")
public class EchoLedger implements IdempotentRepository {

    private static final String SEP = "\u001f";

    private final JdbcTemplate jdbc;
    private final OwnershipRulesFile ownership;

    public EchoLedger(JdbcTemplate jdbc, OwnershipRulesFile ownership) {
        this.jdbc = jdbc;
        this.ownership = ownership;
    }

    /** The echo key of an incoming item: platform, client, external id and its values of the pushed fields. */
    public String keyOf(ProductWrite write) {
        String externalId = write.link() == null ? null : write.link().externalVariantId();
        if (externalId == null && write.link() != null && write.link().inventoryItemId() != null) {
            // stock deliveries (Shopify inventory_levels/update) name only the inventory item: the ledger is kept per variant
            externalId = jdbc.queryForList("SELECT external_variant_id FROM product_links WHERE platform = ? AND client_id = ? "
                    + "AND inventory_item_id = ?", String.class, write.link().platform(), write.clientId(), write.link().inventoryItemId())
                    .stream().findFirst().orElse(null);
        }
        if (externalId == null) {
            return "unlinked" + SEP + write.clientId() + SEP + System.identityHashCode(write);
        }
        OwnershipRules rules = ownership.rules();
        ObjectNode pushed = CanonicalJson.object();
        for (Iterator<Map.Entry<String, JsonNode>> it = write.fields().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (rules.pushes(write.link().platform(), write.clientId(), e.getKey())) {
                pushed.set(e.getKey(), CanonicalJson.normalise(e.getValue()));
            }
        }
        return write.link().platform() + SEP + write.clientId() + SEP + externalId + SEP + CanonicalJson.write(pushed);
    }

    /** Records what one push sent to a platform item (call after the platform accepted it). */
    public void recordPush(String platform, String clientId, String externalId, JsonNode pushedValues) {
        ObjectNode normalised = CanonicalJson.object();
        pushedValues.fields().forEachRemaining(e -> normalised.set(e.getKey(), CanonicalJson.normalise(e.getValue())));
        Timestamp now = Timestamp.from(Instant.now());
        String json = CanonicalJson.write(normalised);
        int updated = jdbc.update("UPDATE echo_ledger SET pushed_values = ?, pushed_at = ? WHERE platform = ? AND client_id = ? "
                + "AND external_id = ?", json, now, platform, clientId, externalId);
        if (updated == 0) {
            jdbc.update("INSERT INTO echo_ledger (platform, client_id, external_id, pushed_values, pushed_at) "
                    + "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", platform, clientId, externalId, json, now);
        }
    }

    @Override
    public boolean contains(String key) {
        String[] parts = key.split(SEP, 4);
        if (parts.length < 4 || parts[0].equals("unlinked")) {
            return false;
        }
        JsonNode incoming = CanonicalJson.parse(parts[3]);
        if (incoming.isEmpty()) {
            return false;
        }
        List<String> rows = jdbc.queryForList("SELECT pushed_values FROM echo_ledger WHERE platform = ? AND client_id = ? "
                + "AND external_id = ?", String.class, parts[0], parts[1], parts[2]);
        if (rows.isEmpty()) {
            return false;
        }
        JsonNode pushed = CanonicalJson.parse(rows.get(0));
        for (Iterator<Map.Entry<String, JsonNode>> it = incoming.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!CanonicalJson.sameValue(pushed.get(e.getKey()), e.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** Inbound use only checks: returns false ("duplicate") for an echo, and stores nothing. */
    @Override
    public boolean add(String key) {
        return !contains(key);
    }

    @Override
    public boolean remove(String key) {
        return true;
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public void clear() {
        jdbc.update("DELETE FROM echo_ledger");
    }

    @Override
    public void start() {
        // stateless: the ledger lives in the database
    }

    @Override
    public void stop() {
        // stateless: the ledger lives in the database
    }
}
