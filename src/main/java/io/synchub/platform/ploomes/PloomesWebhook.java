package io.synchub.platform.ploomes;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.api.ApiException;
import io.synchub.webhook.WebhookIntake;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Map;

/**
 * Ploomes webhooks in: no HMAC, the subscription's ValidationKey comes back in {@code X-Ploomes-Validation-Key} and is
 * compared in constant time (401 otherwise, nothing stored). Product events ({@code Entity} "Product" or "Products")
 * go to the durable inbox before the 200, deduplicated on (AccountId, Entity, New.Id, New.LastUpdateDate); other
 * entities are acknowledged and ignored. The key itself is never stored with the delivery.
 */
@Component("ploomesWebhook")
public class PloomesWebhook {

    private final PloomesDeclaration platform;
    private final WebhookIntake intake;

    public PloomesWebhook(PloomesDeclaration platform, WebhookIntake intake) {
        this.platform = platform;
        this.intake = intake;
    }

    public String receive(Exchange exchange) {
        byte[] body = intake.rawBody(exchange);
        verify(WebhookIntake.header(exchange, platform.validationHeader()));
        JsonNode json = intake.jsonObject(body);
        String entity = json.path("Entity").asText("");
        if (!isProduct(entity)) {
            return WebhookIntake.answer(exchange, "ignored");
        }
        String action = json.path("Action").asText("").toLowerCase(Locale.ROOT);
        if (!action.matches("[a-z]{1,30}")) {
            throw ApiException.unprocessable("Action must name the event (Create, Update, Delete)");
        }
        JsonNode item = json.path("New").isObject() ? json.get("New") : json.path("Old");
        JsonNode id = item.path("Id");
        if (!id.canConvertToExactIntegral()) {
            throw ApiException.unprocessable("the product event carries no New.Id or Old.Id");
        }
        String version = json.path("New").isObject() ? json.get("New").path("LastUpdateDate").asText("") : "deleted";
        String key = "ploomes:" + json.path("AccountId").asText("") + ":product:" + id.asText() + ":" + version;
        return intake.store(exchange, PloomesDeclaration.ORIGIN, platform.clientId(), "product." + action, key, id.asText(), Map.of(), body);
    }

    private void verify(String presented) {
        String expected = platform.validationKey();
        if (expected.isEmpty() || presented == null
                || !MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(401, "unauthorized", "the " + platform.validationHeader() + " header does not match the webhook's validation key");
        }
    }

    static boolean isProduct(String entity) {
        return entity.equalsIgnoreCase("Product") || entity.equalsIgnoreCase("Products");
    }
}
