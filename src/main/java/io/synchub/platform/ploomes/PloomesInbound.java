package io.synchub.platform.ploomes;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.canonical.CanonicalJson;
import io.synchub.inbox.Inbox;
import io.synchub.product.ProductLink;
import io.synchub.product.ProductWrite;
import io.synchub.runs.RunCounters;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A Ploomes product event from the inbox as a canonical write: {@code New} mapped like a pulled product (re-read by
 * id when the event carries no {@code New}), a delete as the product turned inactive. An event whose
 * {@code ActionUserId} is the hub's own Ploomes user is the hub's change coming back: an echo.
 */
@Component("ploomesInbound")
public class PloomesInbound {

    private final PloomesDeclaration platform;
    private final PloomesPull pull;
    private final PloomesApi api;

    public PloomesInbound(PloomesDeclaration platform, PloomesPull pull, PloomesApi api) {
        this.platform = platform;
        this.pull = pull;
        this.api = api;
    }

    public boolean isEcho(String body) {
        String own = platform.hubUserId();
        return !own.isEmpty() && own.equals(CanonicalJson.parse(body).path("ActionUserId").asText());
    }

    public ProductWrite toWrite(String body, @Header(Inbox.HEADER_ID) Long inboxId) throws InterruptedException {
        JsonNode event = CanonicalJson.parse(body);
        JsonNode product = event.path("New");
        if (!product.isObject() || !product.has("Code")) {
            long id = event.path("New").path("Id").asLong(event.path("Old").path("Id").asLong());
            JsonNode page = api.get(platform.productsPath() + "?$filter=" + URLEncoder.encode("Id eq " + id, StandardCharsets.UTF_8).replace("+", "%20")
                    + "&$expand=" + URLEncoder.encode(String.join(",", platform.expand()), StandardCharsets.UTF_8), new RunCounters());
            product = page.path("value").path(0);
            if (!product.isObject()) {
                throw new IllegalArgumentException("Ploomes product " + id + " no longer exists");
            }
        }
        return pull.write(product, pull.categorise(product), inboxId);
    }

    public ProductWrite toDeactivation(String body, @Header(Inbox.HEADER_ID) Long inboxId) {
        JsonNode event = CanonicalJson.parse(body);
        String id = event.path("Old").path("Id").asText(event.path("New").path("Id").asText());
        return new ProductWrite(platform.clientId(), PloomesDeclaration.ORIGIN, new ProductLink(PloomesDeclaration.ORIGIN, id, id, null),
                null, null, (com.fasterxml.jackson.databind.node.ObjectNode) CanonicalJson.parse("{\"isActive\":false}"), false, inboxId);
    }
}
