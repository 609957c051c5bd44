package io.synchub.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.canonical.CanonicalJson;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * Reads a REST target's answer (WooCommerce, JTL): 2xx passes; anything else becomes a classified
 * {@link PushFailure} carrying the platform's own message and its Retry-After.
 */
@Component("httpPushResponse")
public class HttpPushResponse {

    /** Exchange property: a 409 answer means the create was done before (the push route reads the answered body). */
    public static final String CONFLICT_IS_DONE = "pushConflictIsDone";

    public void check(@Header(Exchange.HTTP_RESPONSE_CODE) Integer status, @Header("Retry-After") String retryAfter,
                      @Header(Exchange.HTTP_URI) String uri, String body, Exchange exchange) {
        int code = status == null ? 0 : status;
        if (code >= 200 && code < 300) {
            return;
        }
        if (code == 409 && Boolean.TRUE.equals(exchange.getProperty(CONFLICT_IS_DONE, Boolean.class))) {
            return; // a create the target already has (a retry after a lost answer): the route reads the answered entity
        }
        OutboxJob job = exchange.getProperty(OutboxJob.PROPERTY, OutboxJob.class);
        String target = job == null ? exchange.getProperty("target", "the target", String.class) : job.target();
        throw PushFailure.ofStatus(code, target + " answered HTTP " + code + ": " + messageOf(body), PushFailure.retryAfter(retryAfter));
    }

    /** The platform's message from a JSON error body ({code, message} for WooCommerce, {errors:[…]} for JTL), else the raw text. */
    static String messageOf(String body) {
        if (body == null || body.isBlank()) {
            return "(empty body)";
        }
        try {
            JsonNode json = CanonicalJson.parse(body);
            if (json.hasNonNull("message")) {
                return (json.hasNonNull("code") ? json.get("code").asText() + ": " : "") + json.get("message").asText();
            }
            if (json.has("errors")) {
                return json.get("errors").toString();
            }
        } catch (IllegalArgumentException e) {
            // not JSON: use the text
        }
        return body.length() > 500 ? body.substring(0, 500) : body;
    }
}
