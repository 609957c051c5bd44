package io.synchub.webhook;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.synchub.api.ApiException;
import io.synchub.canonical.CanonicalJson;
import io.synchub.http.BoundedRequestBodies;
import io.synchub.inbox.Inbox;
import io.synchub.metrics.WebhookDeliveries;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The platform-independent steps of receiving a webhook: bounded raw body, JSON check, durable inbox write, answer. */
@Component
public class WebhookIntake {

    private final Inbox inbox;
    private final WebhookDeliveries deliveries;
    private final int maxBodyBytes;

    public WebhookIntake(Inbox inbox, WebhookDeliveries deliveries, @Value("${synchub.webhook.max-body-bytes:1048576}") int maxBodyBytes) {
        this.inbox = inbox;
        this.deliveries = deliveries;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** The exact bytes received; 413 beyond the limit (checked on Content-Length before reading when it is given). */
    public byte[] rawBody(Exchange exchange) {
        Long declared = exchange.getMessage().getHeader(Exchange.CONTENT_LENGTH, Long.class);
        if (declared != null && declared > maxBodyBytes) {
            throw tooLarge();
        }
        byte[] body = received(exchange);
        if (body == null) {
            body = exchange.getMessage().getBody(byte[].class);
        }
        if (body == null) {
            body = new byte[0];
        }
        if (body.length > maxBodyBytes) {
            throw tooLarge();
        }
        return body;
    }

    /** The bytes as they came off the wire (read before the route ran), never re-encoded through a String. */
    private static byte[] received(Exchange exchange) {
        if (exchange.getIn() instanceof PlatformHttpMessage http && http.getRequest() != null
                && http.getRequest().getAttribute(BoundedRequestBodies.RAW_BODY) instanceof byte[] raw) {
            return raw;
        }
        return null;
    }

    private ApiException tooLarge() {
        return new ApiException(413, "payload_too_large", "the body exceeds " + maxBodyBytes
                + " bytes (synchub.webhook.max-body-bytes); trim the subscription with include_fields or raise the limit");
    }

    /** The body as a JSON object, 400 when it is empty, truncated, not UTF-8 or not an object. */
    public JsonNode jsonObject(byte[] body) {
        requireNotEmpty(body);
        JsonNode json;
        try {
            json = CanonicalJson.parse(utf8(body));
        } catch (IllegalArgumentException e) {
            throw notJson(e);
        }
        if (json == null || !json.isObject()) {
            throw notAnObject();
        }
        return json;
    }

    /**
     * Checks the body as {@link #jsonObject} does (400 when empty, not UTF-8, malformed or not an object) while reading
     * it as a stream of tokens instead of building it, and answers the top-level fields of {@code names} it has: a
     * value's text as the parsed document gives it ({@code JsonNode.asText}), null for an object or array. The intake
     * needs no more of the document than that (building it was a third of the intake's own CPU).
     */
    public Map<String, String> topLevelFields(byte[] body, Collection<String> names) {
        requireNotEmpty(body);
        Map<String, String> found = new HashMap<>();
        try (JsonParser parser = CanonicalJson.MAPPER.getFactory().createParser(utf8(body))) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw notAnObject();
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value.isStructStart()) {
                    parser.skipChildren();
                    if (names.contains(name)) {
                        found.put(name, null);
                    }
                } else if (names.contains(name)) {
                    found.put(name, scalarText(parser, value));
                }
            }
        } catch (IOException e) {
            throw notJson(e);
        }
        return found;
    }

    // the refusals both checks give, word for word

    private static void requireNotEmpty(byte[] body) {
        if (body.length == 0) {
            throw ApiException.badRequest("the body is empty; a webhook delivery must carry a JSON object");
        }
    }

    private static ApiException notJson(Exception e) {
        return new ApiException(400, "malformed_json", "the body is not valid JSON: " + e.getMessage());
    }

    private static ApiException notAnObject() {
        return new ApiException(400, "malformed_json", "the body must be a JSON object");
    }

    /** The text the parsed document's node would give (same number nodes as {@link CanonicalJson#parse}). */
    private static String scalarText(JsonParser parser, JsonToken token) throws IOException {
        JsonNodeFactory nodes = CanonicalJson.MAPPER.getNodeFactory();
        return switch (token) {
            case VALUE_NUMBER_INT -> nodes.numberNode(parser.getBigIntegerValue()).asText();
            case VALUE_NUMBER_FLOAT -> nodes.numberNode(parser.getDecimalValue()).asText();
            case VALUE_NULL -> "null";
            default -> parser.getText();
        };
    }

    public static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new ApiException(400, "malformed_json", "the body is not UTF-8 encoded");
        }
    }

    /** First non-blank value of several header spellings (Camel headers are case-insensitive). */
    public static String header(Exchange exchange, String... names) {
        for (String n : names) {
            String v = exchange.getMessage().getHeader(n, String.class);
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }

    /** The platform headers worth keeping with the delivery (never the signature). */
    public static Map<String, String> keptHeaders(Exchange exchange, String... prefixes) {
        Map<String, String> kept = new TreeMap<>();
        exchange.getMessage().getHeaders().forEach((k, v) -> {
            String lower = k.toLowerCase(Locale.ROOT);
            if (lower.contains("hmac") || lower.contains("signature")) {
                return;
            }
            for (String p : prefixes) {
                if (lower.startsWith(p) && v != null) {
                    kept.put(lower, String.valueOf(v));
                }
            }
        });
        return kept;
    }

    /**
     * Writes the delivery to the inbox (committed on return) and builds the answer; {@code resourceKey} is the
     * platform's id of the resource the delivery is about (its deliveries are drained in order), null when none.
     */
    public String store(Exchange exchange, String platform, String clientId, String topic, String deliveryKey,
                        String resourceKey, Map<String, String> headers, byte[] body) {
        boolean fresh = inbox.accept(platform, clientId, topic, deliveryKey, resourceKey, headers, utf8(body));
        String outcome = fresh ? WebhookDeliveries.ACCEPTED : WebhookDeliveries.DUPLICATE;
        deliveries.record(platform, clientId, outcome);
        return answer(exchange, outcome);
    }

    public static String answer(Exchange exchange, String status) {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        return "{\"status\":\"" + status + "\"}";
    }
}
