package io.synchub.platform.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.api.ApiException;
import io.synchub.channel.Channel;
import io.synchub.channel.ChannelRegistry;
import io.synchub.webhook.WebhookIntake;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

import java.util.Set;

/**
 * Receives Shopify webhooks: HMAC over the raw body with the channel's secret (legacy {@code X-Shopify-*} and the
 * newer un-prefixed header forms), then the inbox. Dedupe key: (shop, topic, event id), falling back to the
 * webhook id, as Shopify's duplicate guidance says.
 */
@Component("shopifyWebhook")
public class ShopifyWebhook {

    public static final String PLATFORM = "SHOPIFY";
    static final Set<String> TOPICS = Set.of("products/create", "products/update", "products/delete",
            "inventory_levels/update", "orders/create",
            "orders/updated", "orders/cancelled", "orders/delete");

    private final ChannelRegistry channels;
    private final WebhookIntake intake;

    public ShopifyWebhook(ChannelRegistry channels, WebhookIntake intake) {
        this.channels = channels;
        this.intake = intake;
    }

    public String receive(Exchange exchange) {
        byte[] body = intake.rawBody(exchange);
        String signature = WebhookIntake.header(exchange, "X-Shopify-Hmac-Sha256", "shopify-hmac-sha256");
        String shop = WebhookIntake.header(exchange, "X-Shopify-Shop-Domain", "shopify-shop-domain");
        Channel channel = channels.verify(PLATFORM, shop, body, signature);
        String topic = WebhookIntake.header(exchange, "X-Shopify-Topic", "shopify-topic");
        if (topic == null) {
            throw ApiException.badRequest("missing X-Shopify-Topic header");
        }
        if (!TOPICS.contains(topic)) {
            return WebhookIntake.answer(exchange, "ignored");
        }
        JsonNode json = intake.jsonObject(body);
        String eventId = WebhookIntake.header(exchange, "X-Shopify-Event-Id", "shopify-event-id");
        if (eventId == null) {
            eventId = WebhookIntake.header(exchange, "X-Shopify-Webhook-Id", "shopify-webhook-id");
        }
        if (eventId == null) {
            throw ApiException.badRequest("missing X-Shopify-Event-Id and X-Shopify-Webhook-Id headers; one is needed to detect duplicates");
        }
        if (!json.has("id") && !json.has("inventory_item_id")) {
            throw ApiException.unprocessable("the " + topic + " payload has no id; expected Shopify's REST resource for the topic");
        }
        // the channel the signature resolved to, never the raw header: another spelling of the shop is the same delivery
        String key = "shopify:" + channel.clientId() + ":" + topic + ":" + eventId;
        return intake.store(exchange, PLATFORM, channel.clientId(), topic, key,
                WebhookIntake.keptHeaders(exchange, "x-shopify-", "shopify-"), body);
    }
}
