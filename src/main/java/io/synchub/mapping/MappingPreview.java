package io.synchub.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.api.ApiException;
import io.synchub.api.Paging;
import io.synchub.canonical.CanonicalJson;
import io.synchub.channel.ChannelRegistry;
import io.synchub.echo.EchoLedger;
import io.synchub.ownership.MergeOutcome;
import io.synchub.product.ApplyResult;
import io.synchub.product.MappedItems;
import io.synchub.product.ProductStore;
import io.synchub.product.ProductWrite;
import org.apache.camel.Header;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code POST /api/v1/mappings/{platform}/{mapping}/preview}: runs an inbound mapping on a sample body (or a recorded
 * inbox delivery) and shows what the hub would do with each canonical item - echo, unmatched, create, update (fields
 * applied, dropped by ownership or as stale, conflicts). The merge runs for real, in a transaction that is always
 * rolled back, so the answer is exactly what the store would decide and nothing is kept.
 */
@Component("mappingPreview")
public class MappingPreview {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,60}");

    private final JdbcTemplate jdbc;
    private final JsonataMappings mappings;
    private final MappedItems items;
    private final EchoLedger echoes;
    private final io.synchub.echo.EchoFilter echoFilter;
    private final ProductStore products;
    private final TransactionTemplate tx;
    private final Path dir;

    public MappingPreview(JdbcTemplate jdbc, JsonataMappings mappings, MappedItems items, EchoLedger echoes,
                          io.synchub.echo.EchoFilter echoFilter, ProductStore products,
                          PlatformTransactionManager txManager, @Value("${synchub.mappings-dir:mappings}") String mappingsDir) {
        this.jdbc = jdbc;
        this.mappings = mappings;
        this.items = items;
        this.echoes = echoes;
        this.echoFilter = echoFilter;
        this.products = products;
        this.tx = new TransactionTemplate(txManager);
        this.dir = Path.of(mappingsDir);
    }

    public String preview(@Header("platform") String platform, @Header("mapping") String mapping, @Header("inboxId") String inboxIdText,
                          @Header("clientId") String clientIdParam, String body) {
        String p = name("platform", platform);
        String m = name("mapping", mapping);
        if (!m.endsWith("-in")) {
            throw ApiException.unprocessable("only inbound mappings (named *-in) can be previewed, got '" + m + "'");
        }
        if (!Files.isRegularFile(dir.resolve(p).resolve(m + ".jsonata"))) {
            throw ApiException.notFound("mapping " + p + "/" + m);
        }
        String origin = p.toUpperCase(Locale.ROOT);
        String clientId = clientIdParam == null || clientIdParam.isBlank() ? ChannelRegistry.DEFAULT_CLIENT : clientIdParam.trim();
        Long inboxId = null;
        String source = body;
        if (inboxIdText != null && !inboxIdText.isBlank()) {
            inboxId = Paging.id("inboxId", inboxIdText);
            long id = inboxId;
            Map<String, Object> row = jdbc.queryForList("SELECT platform, client_id, body FROM inbox WHERE id = ?", id).stream()
                    .findFirst().orElseThrow(() -> ApiException.notFound("inbox delivery " + id));
            source = String.valueOf(row.get("body"));
            if (clientIdParam == null || clientIdParam.isBlank()) {
                clientId = String.valueOf(row.get("client_id"));
            }
        }
        JsonNode input = parse(source);
        String mapped;
        try {
            mapped = mappings.map(p + "/" + m, input);
        } catch (RuntimeException e) {
            throw ApiException.unprocessable("mapping " + p + "/" + m + " failed on this input: " + e.getMessage());
        }
        List<ProductWrite> writes = items.toWrites(mapped, clientId, origin, inboxId);
        List<Map<String, Object>> decisions = tx.execute(status -> {
            status.setRollbackOnly();
            List<Map<String, Object>> out = new ArrayList<>();
            for (ProductWrite w : writes) {
                out.add(decide(w));
            }
            return out;
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mapping", p + "/" + m);
        out.put("inboxId", inboxId);
        JsonNode mappedJson = CanonicalJson.parse(mapped);
        out.put("mapped", mappedJson == null || mappedJson.isNull() ? List.of() : mappedJson.isArray() ? mappedJson : List.of(mappedJson));
        out.put("decisions", decisions);
        out.put("stored", false);
        return CanonicalJson.write(out);
    }

    private Map<String, Object> decide(ProductWrite w) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("sku", w.sku());
        // the same per-field judgement as apply-product-write (echo and stale fields taken out), inside the rolled-back
        // transaction, so its log lines and notes are not kept either
        EchoLedger.Verdict verdict = echoes.check(w);
        ProductWrite rest = echoFilter.withoutEchoes(w);
        d.put("echoFields", List.copyOf(verdict.echoes().keySet()));
        d.put("staleFields", List.copyOf(verdict.stale().keySet()));
        if (!verdict.isEmpty() && rest.fields().isEmpty()) {
            d.put("decision", "echo");
            d.put("reason", "every pushed field repeats what the hub pushed to " + w.origin()
                    + " or is older than its latest push: skipped as echo_skipped / stale_skipped");
            return d;
        }
        ApplyResult r = products.apply(rest);
        if (r.productId() == null) {
            d.put("decision", "unmatched");
            d.put("reason", r.skippedReason());
            return d;
        }
        MergeOutcome o = r.outcome();
        d.put("decision", r.created() ? "create" : o.changesSomething() ? "update" : "no_change");
        d.put("productId", r.created() ? null : r.productId());
        d.put("applied", o.applied());
        List<Map<String, Object>> dropped = new ArrayList<>();
        o.dropped().forEach(x -> {
            Map<String, Object> dm = new LinkedHashMap<>();
            dm.put("field", x.field());
            dm.put("value", x.value());
            dm.put("reason", x.reason().logAction());
            dm.put("detail", x.detail());
            dropped.add(dm);
        });
        d.put("dropped", dropped);
        List<Map<String, Object>> conflicts = new ArrayList<>();
        o.conflicts().forEach(c -> {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("field", c.field());
            cm.put("localValue", c.localValue());
            cm.put("localOrigin", c.localOrigin());
            cm.put("remoteValue", c.remoteValue());
            cm.put("remoteOrigin", c.remoteOrigin());
            cm.put("appliedOrigin", c.appliedOrigin());
            cm.put("needsOperator", c.needsOperator());
            conflicts.add(cm);
        });
        d.put("conflicts", conflicts);
        return d;
    }

    private static String name(String what, String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (!NAME.matcher(v).matches()) {
            throw ApiException.badRequest("'" + what + "' must be a mapping folder or file name (a-z, 0-9, -), got '" + value + "'");
        }
        return v;
    }

    private static JsonNode parse(String source) {
        if (source == null || source.isBlank()) {
            throw ApiException.badRequest("send a sample payload as the JSON body, or name a recorded delivery with ?inboxId=");
        }
        try {
            JsonNode json = CanonicalJson.parse(source);
            if (json == null || !(json.isObject() || json.isArray())) {
                throw new ApiException(400, "malformed_json", "the sample must be a JSON object or array");
            }
            return json;
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "malformed_json", "the sample is not valid JSON: " + e.getMessage());
        }
    }
}
