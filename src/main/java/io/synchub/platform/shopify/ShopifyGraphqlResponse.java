package io.synchub.platform.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.canonical.CanonicalJson;
import io.synchub.outbox.ErrorClass;
import io.synchub.outbox.PushFailure;
import io.synchub.outbox.PushRejected;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Shopify GraphQL Admin API answer. Throttling comes as HTTP 429 or as HTTP 200 with
 * {@code errors[].extensions.code = THROTTLED}: both are rate limits, waited out for Retry-After or for the time the
 * cost bucket needs to refill. {@code userErrors} of any mutation reject the push with Shopify's messages; a stale
 * {@code compareQuantity} is its own class (the hub owns stock: the next attempt sets the level without the compare).
 * A batch route reads the {@code userErrors} per item itself ({@value #USER_ERRORS_PER_ITEM}). Every answer's cost
 * status goes to the {@link ShopifyCostBudget}.
 */
@Component("shopifyGraphqlResponse")
public class ShopifyGraphqlResponse {

    /** Set (true) by a route whose request carries several items and which reads their {@code userErrors} itself. */
    public static final String USER_ERRORS_PER_ITEM = "userErrorsPerItem";

    private final ShopifyCostBudget budget;

    public ShopifyGraphqlResponse(ShopifyCostBudget budget) {
        this.budget = budget;
    }

    public void check(@Header(Exchange.HTTP_RESPONSE_CODE) Integer status, @Header("Retry-After") String retryAfter,
                      @ExchangeProperty(USER_ERRORS_PER_ITEM) Boolean userErrorsPerItem, String body) {
        int code = status == null ? 0 : status;
        JsonNode json = parse(body);
        budget.observe(json);
        if (json != null && isThrottled(json)) {
            throw new PushFailure(ErrorClass.RATE_LIMIT, "Shopify throttled the request (THROTTLED)", refillWait(json, retryAfter));
        }
        if (code < 200 || code >= 300) {
            throw PushFailure.ofStatus(code, "Shopify answered HTTP " + code + ": " + (body == null ? "" : abbreviate(body)),
                    PushFailure.retryAfter(retryAfter));
        }
        if (json == null) {
            throw new PushFailure(ErrorClass.SERVER, "Shopify answered a body that is not JSON: " + abbreviate(body));
        }
        if (json.path("errors").findValuesAsText("code").contains("MAX_COST_EXCEEDED")) {
            // the hub asked too much in one document: not the items' fault; they are tried again, in smaller documents
            throw new PushFailure(ErrorClass.RATE_LIMIT, "Shopify refused a document over its single-query cost: "
                    + json.get("errors").findValuesAsText("message"), Duration.ofSeconds(1));
        }
        if (json.has("errors") && json.get("errors").isArray() && !json.get("errors").isEmpty()) {
            boolean internal = json.get("errors").findValuesAsText("code").contains("INTERNAL_SERVER_ERROR");
            String message = "Shopify GraphQL errors: " + json.get("errors").findValuesAsText("message");
            throw internal ? new PushFailure(ErrorClass.SERVER, message) : new PushRejected(ErrorClass.VALIDATION, message);
        }
        if (Boolean.TRUE.equals(userErrorsPerItem)) {
            return;
        }
        rejectUserErrors(json.path("data"));
    }

    /**
     * Throws {@link PushRejected} when any of the mutation results carries {@code userErrors}: a stale
     * {@code compareQuantity} as its own class, anything else as a validation error with Shopify's messages.
     */
    static void rejectUserErrors(JsonNode mutationResults) {
        List<String> userErrors = new ArrayList<>();
        boolean staleCompare = false;
        for (JsonNode mutation : mutationResults) {
            for (JsonNode e : mutation.path("userErrors")) {
                String errCode = e.path("code").asText("");
                staleCompare |= errCode.contains("COMPARE_QUANTITY") || errCode.contains("CHANGE_FROM_QUANTITY");
                userErrors.add((e.hasNonNull("field") ? e.get("field") + ": " : "") + e.path("message").asText() + (errCode.isEmpty() ? "" : " (" + errCode + ")"));
            }
        }
        if (staleCompare) {
            throw new PushRejected(ErrorClass.STALE_COMPARE, "Shopify's stock differed from the hub's last pushed level: " + userErrors);
        }
        if (!userErrors.isEmpty()) {
            throw new PushRejected(ErrorClass.VALIDATION, "Shopify rejected the update: " + String.join("; ", userErrors));
        }
    }

    private static boolean isThrottled(JsonNode json) {
        return json.path("errors").findValuesAsText("code").contains("THROTTLED");
    }

    private static Duration refillWait(JsonNode json, String retryAfter) {
        Duration header = PushFailure.retryAfter(retryAfter);
        if (header != null) {
            return header;
        }
        JsonNode cost = json.path("extensions").path("cost");
        double requested = cost.path("requestedQueryCost").asDouble(0);
        double available = cost.path("throttleStatus").path("currentlyAvailable").asDouble(0);
        double restore = cost.path("throttleStatus").path("restoreRate").asDouble(0);
        if (restore <= 0 || requested <= available) {
            return Duration.ofSeconds(1);
        }
        return Duration.ofMillis((long) Math.ceil((requested - available) / restore * 1000));
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return CanonicalJson.parse(body);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 500 ? s.substring(0, 500) : s;
    }
}
