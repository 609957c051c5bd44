package io.synchub.orders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synchub.api.ApiException;
import io.synchub.canonical.CanonicalJson;
import io.synchub.orders.workflow.OrderWorkflow;
import io.synchub.orders.workflow.OrderWorkflows;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A canonical order as a source describes it (a JSONata mapping's output or the body of POST /api/v1/orders),
 * checked field by field. Every problem is reported at once, in a 422 that says what to send instead.
 */
public record OrderDraft(String clientId, String origin, String externalId, String orderNumber, String customerRef,
                         String currency, ArrayNode lines, ObjectNode totals, BigDecimal total, PaymentStatus paymentStatus,
                         String stage, String fulfilmentStatus, boolean test, Instant placedAt, Instant sourceUpdatedAt,
                         ObjectNode shippingAddress, String orderRef, String tenantId,
                         String workflow) {

    /** A client order id: printable, no spaces or path/query characters, at most 100 characters. */
    public static final Pattern ORDER_REF = io.synchub.orders.events.EventSubject.ID;
    public static final Pattern TENANT = io.synchub.orders.events.EventSubject.ID;

    private static final Pattern ORIGIN = Pattern.compile("[A-Z][A-Z0-9_]{1,39}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final List<String> TOTALS = List.of("subtotal", "tax", "shipping", "discount", "total");

    /**
     * @param requireSku true for the API (an order the hub cannot fulfil without SKUs); platform orders may carry
     *                   lines without one (custom items; products without SKU), resolved by product link where possible
     */
    public static OrderDraft from(JsonNode in, String clientId, String origin, boolean requireSku, OrderWorkflows workflows) {
        List<String> errors = new ArrayList<>();
        if (in == null || !in.isObject()) {
            throw ApiException.unprocessable("the order must be a JSON object with lines, totals, currency (see the API description)");
        }
        if (origin == null || !ORIGIN.matcher(origin).matches()) {
            errors.add("'origin' must be an upper-case source name such as ADMIN or POS, got " + in.path("origin"));
        }
        String externalId = text(in, "externalId", 100, errors);
        String orderRef = text(in, "orderID", 100, errors);
        if (orderRef != null && !ORDER_REF.matcher(orderRef).matches()) {
            errors.add("'orderID' must be letters, digits and . _ : @ # + - (starting with a letter or digit, at most 100), got " + in.path("orderID"));
        }
        String tenantId = text(in, "tenantId", 100, errors);
        if (tenantId != null && !TENANT.matcher(tenantId).matches()) {
            errors.add("'tenantId' must be letters, digits and . _ : @ # + - (at most 100), got " + in.path("tenantId"));
        }
        String orderNumber = text(in, "orderNumber", 100, errors);
        String customerRef = text(in, "customerRef", 255, errors);
        String currency = text(in, "currency", 3, errors);
        if (currency == null || !CURRENCY.matcher(currency).matches()) {
            errors.add("'currency' must be an ISO 4217 code such as EUR, got " + in.path("currency"));
        }
        ArrayNode lines = CanonicalJson.MAPPER.createArrayNode();
        JsonNode inLines = in.path("lines");
        if (!inLines.isArray() || inLines.isEmpty()) {
            errors.add("'lines' must be a non-empty array of {\"sku\", \"quantity\", \"price\"}");
        } else {
            for (int i = 0; i < inLines.size(); i++) {
                lines.add(line(inLines.get(i), i, requireSku, errors));
            }
        }
        ObjectNode totals = CanonicalJson.object();
        JsonNode inTotals = in.path("totals");
        if (!inTotals.isObject()) {
            errors.add("'totals' must be an object with at least 'total' (and optionally subtotal, tax, shipping, discount)");
        } else {
            for (String t : TOTALS) {
                JsonNode v = inTotals.get(t);
                if (v == null || v.isNull()) {
                    continue;
                }
                BigDecimal d = amount(v);
                if (d == null || d.signum() < 0) {
                    errors.add("'totals." + t + "' must be a number ≥ 0, got " + v);
                } else {
                    totals.put(t, d);
                }
            }
            if (!totals.has("total") && errors.stream().noneMatch(e -> e.startsWith("'totals.total'"))) {
                errors.add("'totals.total' is required");
            }
        }
        PaymentStatus payment = PaymentStatus.PENDING;
        JsonNode p = in.get("paymentStatus");
        if (p != null && !p.isNull()) {
            payment = PaymentStatus.fromWire(p.asText());
            if (payment == null) {
                errors.add("'paymentStatus' must be one of " + PaymentStatus.allWire() + ", got " + p);
            }
        }
        OrderWorkflow workflow = workflows.forOrder(origin, tenantId == null ? "" : tenantId);
        JsonNode w = in.get("workflow");
        if (w != null && !w.isNull()) {
            workflow = w.isTextual() ? workflows.named(w.asText().trim()) : null;
            if (workflow == null) {
                errors.add("'workflow' must be one of " + String.join(", ", new java.util.TreeSet<>(workflows.byName().keySet())) + ", got " + w);
            }
        }
        String stage = workflow == null ? null : workflow.initial();
        JsonNode s = in.get("stage");
        if (s != null && !s.isNull() && workflow != null) {
            stage = s.isTextual() ? s.asText().trim() : null;
            if (!workflow.hasStage(stage)) {
                errors.add("'stage' must be one of " + String.join(", ", workflow.stages()) + " (workflow " + workflow.name() + "), got " + s);
            }
        }
        String fulfilment = text(in, "fulfilmentStatus", 40, errors);
        JsonNode testNode = in.get("test");
        if (testNode != null && !testNode.isNull() && !testNode.isBoolean()) {
            errors.add("'test' must be true or false, got " + testNode);
        }
        Instant placedAt = time(in, "placedAt", errors);
        Instant sourceUpdatedAt = time(in, "sourceUpdatedAt", errors);
        JsonNode address = in.get("shippingAddress");
        if (address != null && !address.isNull() && !address.isObject()) {
            errors.add("'shippingAddress' must be an object such as {\"name\", \"address1\", \"city\", \"zip\", \"countryCode\"}, got " + address);
        }
        if (!errors.isEmpty()) {
            throw ApiException.unprocessable("the order is invalid: " + String.join("; ", errors));
        }
        return new OrderDraft(clientId, origin, externalId, orderNumber, customerRef, currency, lines, totals,
                totals.get("total").decimalValue(), payment, stage, fulfilment, testNode != null && testNode.asBoolean(false),
                placedAt, sourceUpdatedAt, address != null && address.isObject() ? (ObjectNode) address.deepCopy() : null,
                orderRef, tenantId == null ? "" : tenantId, workflow.name());
    }

    /** The same draft with the client order id a source without one gets (a shop order: its id at the shop). */
    public OrderDraft withOrderRef(String ref) {
        return new OrderDraft(clientId, origin, externalId, orderNumber, customerRef, currency, lines, totals, total, paymentStatus,
                stage, fulfilmentStatus, test, placedAt, sourceUpdatedAt, shippingAddress, ref, tenantId, workflow);
    }

    /** The content that identifies what was ordered (compared when a source sends an order the hub already has). */
    public ObjectNode content() {
        ObjectNode c = CanonicalJson.object();
        c.put("orderNumber", orderNumber);
        c.put("customerRef", customerRef);
        c.put("currency", currency);
        c.set("lines", lines);
        c.set("totals", totals);
        return c;
    }

    private static ObjectNode line(JsonNode in, int i, boolean requireSku, List<String> errors) {
        String at = "'lines[" + i + "]";
        ObjectNode out = CanonicalJson.object();
        if (!in.isObject()) {
            errors.add(at + "' must be an object {\"sku\", \"quantity\", \"price\"}");
            return out;
        }
        JsonNode sku = in.get("sku");
        if (sku != null && !sku.isNull() && (!sku.isTextual() || sku.asText().isBlank() || sku.asText().length() > 255)) {
            errors.add(at + ".sku' must be a non-empty text of at most 255 characters, got " + sku);
        } else if ((sku == null || sku.isNull()) && requireSku) {
            errors.add(at + ".sku' is required");
        }
        out.put("sku", sku == null || sku.isNull() ? null : sku.asText());
        JsonNode q = in.get("quantity");
        if (q == null || !q.canConvertToExactIntegral() || q.decimalValue().signum() <= 0 || q.decimalValue().compareTo(BigDecimal.valueOf(1_000_000)) > 0) {
            errors.add(at + ".quantity' must be a whole number ≥ 1, got " + (q == null ? "nothing" : q));
        } else {
            out.put("quantity", q.decimalValue().intValueExact());
        }
        BigDecimal price = amount(in.get("price"));
        if (price == null || price.signum() < 0) {
            errors.add(at + ".price' must be a number ≥ 0 (unit price), got " + (in.get("price") == null ? "nothing" : in.get("price")));
        } else {
            out.put("price", price);
        }
        for (String f : List.of("title", "externalLineId", "variantId")) {
            JsonNode v = in.get(f);
            if (v != null && !v.isNull()) {
                out.put(f, v.asText());
            }
        }
        return out;
    }

    /** A money amount from a JSON number or a decimal string ("199.00", as Shopify sends them). */
    private static BigDecimal amount(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return CanonicalJson.normalise(v).decimalValue();
        }
        if (v.isTextual()) {
            try {
                BigDecimal d = new BigDecimal(v.asText().trim());
                return d;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static String text(JsonNode in, String field, int max, List<String> errors) {
        JsonNode v = in.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() && !v.isIntegralNumber()) {
            errors.add("'" + field + "' must be text, got " + v);
            return null;
        }
        String s = v.asText().trim();
        if (s.length() > max) {
            errors.add("'" + field + "' must be at most " + max + " characters");
            return null;
        }
        return s.isEmpty() ? null : s;
    }

    private static Instant time(JsonNode in, String field, List<String> errors) {
        JsonNode v = in.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(v.asText()).toInstant();
        } catch (DateTimeParseException e) {
            errors.add("'" + field + "' must be an ISO-8601 time with offset such as 2026-01-31T12:00:00Z, got " + v);
            return null;
        }
    }
}
