package io.synchub.orders;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.api.ApiException;
import io.synchub.api.JsonBody;
import io.synchub.api.Tenants;
import io.synchub.canonical.CanonicalJson;
import io.synchub.orders.workflow.OrderWorkflowsFile;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/** The order endpoints (called from {@code routes/api-orders.yaml}). Operators' changes have origin NOLIMITS. */
@Component("orderApi")
public class OrderApi {

    public static final String HUB_ORIGIN = "NOLIMITS";
    private static final String DEFAULT_CLIENT = "default";

    private final OrderStore store;
    private final OrderWorkflowsFile workflows;

    public OrderApi(OrderStore store, OrderWorkflowsFile workflows) {
        this.store = store;
        this.workflows = workflows;
    }

    /** 201 with the new order; 200 with the stored one when the same order (origin + externalId, same content) is sent again. */
    public String create(String body, Exchange exchange) {
        JsonNode in = JsonBody.object(body);
        String origin = in.path("origin").isTextual() ? in.get("origin").asText().trim() : HUB_ORIGIN;
        String clientId = in.path("clientId").isTextual() && !in.get("clientId").asText().isBlank() ? in.get("clientId").asText().trim() : DEFAULT_CLIENT;
        String bound = Tenants.bound(exchange.getMessage().getHeader(Tenants.HEADER, String.class));
        if (bound != null) {
            JsonNode t = in.get("tenantId");
            if (t != null && !t.isNull() && !bound.equals(t.asText())) {
                throw ApiException.unprocessable("'tenantId' " + t + " is not the tenant of this API key");
            }
            ((com.fasterxml.jackson.databind.node.ObjectNode) in).put("tenantId", bound);
        }
        OrderDraft draft = OrderDraft.from(in, clientId, origin, true, workflows.current());
        OrderStore.Stored stored = store.createFromApi(draft);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, stored.created() ? 201 : 200);
        exchange.getMessage().setHeader("Location", "/api/v1/orders/" + stored.order().id());
        return CanonicalJson.write(stored.order().view());
    }

    /** GET /api/v1/orders (and the seed's alias GET /api/orders): the list envelope, filtered, by hub id. */
    public String list(@Header("stage") String stage, @Header("source") String source, @Header("tenantId") String tenantId,
                       @Header("updatedSince") String updatedSince, @Header("q") String q, @Header("limit") String limit,
                       @Header("offset") String offset, @Header(Tenants.HEADER) String bound) {
        OrderQuery query = OrderQuery.of(stage, source, tenantId, updatedSince, q, Tenants.bound(bound));
        return CanonicalJson.write(store.list(query, io.synchub.api.Paging.of(limit, offset)));
    }

    public String get(@Header("orderID") String orderId, @Header(Tenants.HEADER) String bound) {
        return CanonicalJson.write(store.resolve(orderId, Tenants.bound(bound)).view());
    }

    /** Body {@code {"stage": "processing"}}; 409 with the allowed stages when the transition is impossible. */
    public String stage(@Header("orderID") String orderId, @Header(Tenants.HEADER) String bound, String body) {
        long id = store.resolve(orderId, Tenants.bound(bound)).id();
        JsonNode in = JsonBody.object(body);
        JsonNode s = in.get("stage");
        if (s == null || !s.isTextual() || s.asText().isBlank()) {
            throw ApiException.unprocessable("send {\"stage\": \"<stage>\"} with one of the order's allowedStages; got " + s);
        }
        String target = s.asText().trim();
        return CanonicalJson.write(store.changeStage(id, target, originOf(in)).view());
    }

    /** Body {@code {"paymentStatus": "paid"}}. */
    public String payment(@Header("orderID") String orderId, @Header(Tenants.HEADER) String bound, String body) {
        long id = store.resolve(orderId, Tenants.bound(bound)).id();
        JsonNode in = JsonBody.object(body);
        JsonNode s = in.has("paymentStatus") ? in.get("paymentStatus") : in.get("status");
        PaymentStatus target = s == null || !s.isTextual() ? null : PaymentStatus.fromWire(s.asText().trim());
        if (target == null) {
            throw ApiException.unprocessable("send {\"paymentStatus\": \"<status>\"} with one of " + PaymentStatus.allWire() + "; got " + s);
        }
        return CanonicalJson.write(store.changePayment(id, target, originOf(in)).view());
    }

    public String delete(@Header("orderID") String orderId, @Header(Tenants.HEADER) String bound, Exchange exchange) {
        store.delete(store.resolve(orderId, Tenants.bound(bound)).id(), HUB_ORIGIN);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
        return null;
    }

    private static String originOf(JsonNode in) {
        JsonNode o = in.get("origin");
        if (o != null && o.isTextual() && o.asText().matches("[A-Z][A-Z0-9_]{1,39}")) {
            return o.asText();
        }
        return HUB_ORIGIN;
    }
}
