package io.synchub.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.api.ApiException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The intake reads a webhook body as a stream of tokens ({@code topLevelFields}); what it answers and what it refuses
 * must be what the parsed document ({@code jsonObject}) gives, for every kind of value a resource id could be.
 */
class WebhookIntakeTest {

    private static final List<String> NAMES = List.of("id", "admin_graphql_api_id", "sku");
    private final WebhookIntake intake = new WebhookIntake(null, null, 1 << 20);

    @Test
    void theFieldsReadFromTheStreamAreTheParsedDocumentsValues() {
        for (String body : List.of(
                "{\"id\": 7513594, \"title\": \"x\"}",
                "{\"id\": \"gid://shopify/Product/1\", \"nested\": {\"id\": 2, \"a\": [1, {\"sku\": \"no\"}]}}",
                "{\"id\": 123456789012345678901234567890}",
                "{\"id\": 1.50, \"sku\": 1e5}",
                "{\"id\": -0, \"sku\": -2.0E-3}",
                "{\"id\": null, \"sku\": true}",
                "{\"id\": {\"a\": 1}, \"sku\": [\"x\"]}",
                "{\"id\": 1, \"id\": 2}",
                "{\"sku\": \"\\u00e4\\n\\\"q\\\"\"} trailing text after the object",
                "{}",
                "  {\"admin_graphql_api_id\": \"gid://shopify/Product/9\"}  ")) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            JsonNode tree = intake.jsonObject(bytes);
            Map<String, String> expected = new HashMap<>();
            for (String name : NAMES) {
                JsonNode value = tree.get(name);
                if (value != null) {
                    expected.put(name, value.isValueNode() ? value.asText() : null);
                }
            }
            assertThat(intake.topLevelFields(bytes, NAMES)).as(body).isEqualTo(expected);
        }
    }

    @Test
    void whatTheParsedDocumentRefusesTheStreamRefusesToo() {
        for (String body : List.of("", "[1, 2]", "\"text\"", "42", "{\"id\": 1", "{\"id\": }", "{\"a\": {\"b\": [1, 2}}",
                "{id: 1}", "   ")) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> intake.jsonObject(bytes)).as(body).isInstanceOf(ApiException.class)
                    .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(400));
            assertThatThrownBy(() -> intake.topLevelFields(bytes, NAMES)).as(body).isInstanceOf(ApiException.class)
                    .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(400));
        }
        byte[] latin1 = {'{', '"', 'a', '"', ':', '"', (byte) 0xE4, '"', '}'};
        assertThatThrownBy(() -> intake.topLevelFields(latin1, NAMES)).isInstanceOf(ApiException.class)
                .hasMessageContaining("UTF-8");
    }
}
