package io.synchub.webhook;

import io.synchub.api.ApiException;
import io.synchub.channel.Channel;
import io.synchub.channel.ChannelRegistry;
import io.synchub.inbox.Inbox;
import io.synchub.metrics.WebhookDeliveries;
import io.synchub.platform.PlatformDeclaration;
import io.synchub.platform.PlatformRegistry;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The steps of receiving a webhook of any declared platform, each one a route step of the {@code receive-webhooks}
 * template: verify the signature with the platform's declared scheme (answers the channel's client), read the topic,
 * form the dedupe key, write the delivery to the inbox (committed before the answer). The header spellings, the
 * signature scheme and the topics come from {@code mappings/<id>/platform.yaml}.
 */
@Component("webhooks")
public class DeclaredWebhooks {

    private final PlatformRegistry platforms;
    private final ChannelRegistry channels;
    private final Inbox inbox;
    private final WebhookIntake intake;
    private final WebhookDeliveries deliveries;

    public DeclaredWebhooks(PlatformRegistry platforms, ChannelRegistry channels, Inbox inbox, WebhookIntake intake,
                            WebhookDeliveries deliveries) {
        this.intake = intake;
        this.deliveries = deliveries;
        this.platforms = platforms;
        this.channels = channels;
        this.inbox = inbox;
    }

    /** The client of the channel whose secret verifies the delivery; 401 otherwise. */
    public String verify(Exchange exchange, String platform, byte[] body) {
        PlatformDeclaration p = platforms.get(platform);
        String signature = header(exchange, p.signatureHeaders());
        String account = header(exchange, p.accountHeaders());
        Channel channel = channels.verify(p.origin(), account, body, signature);
        return channel.clientId();
    }

    /** The delivery's topic; 400 when the platform's topic header is missing. */
    public String topic(Exchange exchange, String platform) {
        PlatformDeclaration p = platforms.get(platform);
        String topic = header(exchange, p.topicHeaders());
        if (topic == null) {
            throw ApiException.badRequest("missing " + String.join(" / ", p.topicHeaders()) + " header");
        }
        return topic;
    }

    /** Whether the platform declares a flow for the topic (an undeclared topic is answered "ignored", not stored). */
    public boolean handles(String platform, String topic) {
        return platforms.get(platform).topics().containsKey(topic);
    }

    /**
     * Checks the payload and returns the id of the resource it is about: 400 unless the body is a JSON object; 422
     * when it has none of the fields the platform declares every payload carries ({@code webhook.requireAnyOf}, e.g.
     * Shopify's REST resource id). The first of those fields present is the resource key (the inbox drains one
     * resource's deliveries in order); null when the platform declares none.
     */
    public String checkPayload(String platform, String topic, byte[] body) {
        List<String> anyOf = platforms.get(platform).requiredPayloadFields();
        Map<String, String> fields = intake.topLevelFields(body, anyOf);
        if (anyOf.isEmpty()) {
            return null;
        }
        for (String field : anyOf) {
            if (fields.containsKey(field)) {
                return fields.get(field);
            }
        }
        throw ApiException.unprocessable("the " + topic + " payload has no " + String.join(" or ", anyOf)
                + "; expected the platform's resource for the topic");
    }

    /**
     * (platform, client, topic, event id) from the declared event-id headers; a platform that declares none is
     * deduplicated on the body's SHA-256 (the same bytes delivered twice are one delivery).
     */
    public String deliveryKey(Exchange exchange, String platform, String clientId, String topic, byte[] body) {
        PlatformDeclaration p = platforms.get(platform);
        String eventId;
        if (p.eventIdHeaders().isEmpty()) {
            eventId = "sha256-" + sha256(body);
        } else {
            eventId = header(exchange, p.eventIdHeaders());
            if (eventId == null) {
                throw ApiException.badRequest("missing " + String.join(" / ", p.eventIdHeaders())
                        + " header; one is needed to detect duplicates");
            }
        }
        return p.id() + ":" + clientId + ":" + topic + ":" + eventId;
    }

    /** Writes the delivery to the inbox (committed on return): "accepted", or "duplicate" for a key already stored. */
    public String accept(Exchange exchange, String platform, String clientId, String topic, String deliveryKey,
                         String resourceKey, byte[] body) {
        PlatformDeclaration p = platforms.get(platform);
        boolean fresh = inbox.accept(p.origin(), clientId, topic, deliveryKey, resourceKey,
                WebhookIntake.keptHeaders(exchange, p.keptHeaderPrefixes().toArray(String[]::new)), WebhookIntake.utf8(body));
        String outcome = fresh ? WebhookDeliveries.ACCEPTED : WebhookDeliveries.DUPLICATE;
        deliveries.record(p.origin(), clientId, outcome);
        return outcome;
    }

    private static String header(Exchange exchange, List<String> names) {
        return WebhookIntake.header(exchange, names.toArray(String[]::new));
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
