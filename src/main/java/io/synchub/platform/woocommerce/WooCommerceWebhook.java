package io.synchub.platform.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.api.ApiException;
import io.synchub.channel.Channel;
import io.synchub.channel.ChannelRegistry;
import io.synchub.webhook.WebhookIntake;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Receives WooCommerce webhooks. WooCommerce's delivery id has one-second resolution and is no event id, so the
 * dedupe key is (source, topic, resource id, date_modified_gmt). The unsigned creation ping gets its 200.
 */
@Component("wooCommerceWebhook")
public class WooCommerceWebhook {

    public static final String PLATFORM = "WOOCOMMERCE";
    static final Set<String> TOPICS = Set.of("product.created", "product.updated", "product.deleted", "product.restored",
            "order.created", "order.updated");
    private static final Pattern PING = Pattern.compile("webhook_id=\\d+");

    private final ChannelRegistry channels;
    private final WebhookIntake intake;

    public WooCommerceWebhook(ChannelRegistry channels, WebhookIntake intake) {
        this.channels = channels;
        this.intake = intake;
    }

    public String receive(Exchange exchange) {
        byte[] body = intake.rawBody(exchange);
        String signature = WebhookIntake.header(exchange, "X-WC-Webhook-Signature");
        if (signature == null && isPing(exchange, body)) {
            return WebhookIntake.answer(exchange, "accepted");
        }
        String source = WebhookIntake.header(exchange, "X-WC-Webhook-Source");
        Channel channel = channels.verify(PLATFORM, source, body, signature);
        String topic = WebhookIntake.header(exchange, "X-WC-Webhook-Topic");
        if (topic == null) {
            throw ApiException.badRequest("missing X-WC-Webhook-Topic header");
        }
        if (!TOPICS.contains(topic)) {
            return WebhookIntake.answer(exchange, "ignored");
        }
        JsonNode json = intake.jsonObject(body);
        JsonNode id = json.get("id");
        if (id == null || !id.canConvertToExactIntegral() && !id.isTextual()) {
            throw ApiException.unprocessable("the " + topic + " payload has no numeric id; expected WooCommerce's REST resource");
        }
        String version = json.path("date_modified_gmt").asText("");
        if (version.isEmpty()) {
            // deletions carry only the id: the delivery id is the best distinction left
            version = "delivery-" + WebhookIntake.header(exchange, "X-WC-Webhook-Delivery-ID", "X-WC-Delivery-ID");
        }
        // the channel the signature resolved to, never the raw source URL (trailing slash, case)
        String key = "woocommerce:" + channel.clientId() + ":" + topic + ":" + id.asText() + ":" + version;
        return intake.store(exchange, PLATFORM, channel.clientId(), topic, key, id.asText(),
                WebhookIntake.keptHeaders(exchange, "x-wc-"), body);
    }

    private static boolean isPing(Exchange exchange, byte[] body) {
        if (WebhookIntake.header(exchange, "X-WC-Webhook-Topic") != null) {
            return false;
        }
        String text = new String(body, StandardCharsets.UTF_8).trim();
        if (PING.matcher(text).matches()) {
            return true;
        }
        // platform-http may already have turned the form body into a header
        return body.length == 0 && WebhookIntake.header(exchange, "webhook_id") != null;
    }
}
