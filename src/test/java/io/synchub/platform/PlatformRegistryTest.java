package io.synchub.platform;

import io.synchub.api.ApiException;
import io.synchub.channel.ChannelRegistry;
import io.synchub.webhook.HmacSignature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The declarations in mappings/<id>/platform.yaml: validated when loaded, resolved from the environment. */
class PlatformRegistryTest {

    @TempDir
    Path dir;

    void declare(String id, String yaml) throws IOException {
        Files.createDirectories(dir.resolve(id));
        Files.writeString(dir.resolve(id).resolve("platform.yaml"), yaml);
    }

    @Test
    void theRepositorysDeclarationsLoadAndKeepTheirPropertyKeys() {
        MockEnvironment env = new MockEnvironment()
                .withProperty("synchub.channels.woocommerce.base-url", "https://shop.example/")
                .withProperty("synchub.channels.woocommerce.consumer-key", "ck")
                .withProperty("synchub.channels.woocommerce.consumer-secret", "cs");
        PlatformRegistry registry = new PlatformRegistry("mappings", env);
        assertThat(registry.all()).extracting(PlatformDeclaration::id).contains("admin", "jtl", "ploomes", "shopify", "woocommerce");
        assertThat(registry.enabled("WOOCOMMERCE")).isTrue();
        assertThat(registry.baseUrl("woocommerce")).isEqualTo("https://shop.example");
        assertThat(registry.authValue("woocommerce")).isEqualTo("Basic Y2s6Y3M=");
        assertThat(registry.enabled("SHOPIFY")).as("no SHOPIFY_BASE_URL").isFalse();
        assertThat(registry.get("shopify").enableHint()).contains("SHOPIFY_BASE_URL");
        assertThat(registry.get("jtl").enableHint()).contains("JTL_CLIENT_ID");
        assertThat(registry.inboundFlow("SHOPIFY", "products/delete")).isEqualTo("shopify-product-deletes");
        assertThat(registry.inboundFlow("SHOPIFY", "carts/update")).isNull();
        assertThat(registry.runFlow("SHOPIFY", "products/update")).isEqualTo("shopify-products");
        assertThat(registry.runFlow("SHOPIFY", "products/delete")).as("declared without runs").isNull();
        assertThat(registry.runFlow("SHOPIFY", "carts/update")).isNull();
        assertThat(registry.runFlow("JTL", "anything")).isNull();
        assertThat(registry.get("shopify").stockSeparate()).isTrue();
        assertThat(registry.get("jtl").needsLink()).isFalse();
        assertThat(registry.get("ploomes").signatureScheme()).isEqualTo(PlatformDeclaration.SHARED_KEY);
    }

    @Test
    void aBrokenDeclarationStopsTheStartNamingItsFile() throws IOException {
        declare("magento", "id: magento\nwebhook:\n  signature: md5\n");
        assertThatThrownBy(() -> new PlatformRegistry(dir.toString(), new MockEnvironment()))
                .hasMessageContaining("magento/platform.yaml").hasMessageContaining("webhook.signature");
        declare("magento", "id: other\n");
        assertThatThrownBy(() -> new PlatformRegistry(dir.toString(), new MockEnvironment()))
                .hasMessageContaining("must equal its folder name");
        declare("magento", "id: magento\ntopics:\n  catalog/update: Products Flow\n");
        assertThatThrownBy(() -> new PlatformRegistry(dir.toString(), new MockEnvironment()))
                .hasMessageContaining("topics.catalog/update");
        declare("magento", "id: magento\ntopics:\n  catalog/update: products\nruns: [orders]\n");
        assertThatThrownBy(() -> new PlatformRegistry(dir.toString(), new MockEnvironment()))
                .hasMessageContaining("magento/platform.yaml").hasMessageContaining("runs names 'orders'");
        declare("magento", "id: magento\ntopics:\n  catalog/update: products\nruns: products\n");
        assertThatThrownBy(() -> new PlatformRegistry(dir.toString(), new MockEnvironment()))
                .hasMessageContaining("runs must be a list");
    }

    @Test
    void signatureSchemesComeFromTheDeclaration() throws IOException {
        declare("crm", "id: crm\nbaseUrl: {env: CRM_URL}\nwebhook:\n  signature: shared-key\n  header: X-Key\n  secret: {env: CRM_KEY}\n");
        declare("shop", "id: shop\nbaseUrl: {env: SHOP_URL}\nwebhook:\n  signature: hmac-sha256-base64\n  secret: {env: SHOP_SECRET}\n");
        declare("open", "id: open\nbaseUrl: {env: OPEN_URL}\nwebhook:\n  signature: none\n");
        MockEnvironment env = new MockEnvironment().withProperty("CRM_KEY", "k-123").withProperty("SHOP_SECRET", "s-456");
        PlatformRegistry registry = new PlatformRegistry(dir.toString(), env);
        ChannelRegistry channels = new ChannelRegistry(env, registry);
        byte[] body = "{\"id\":1}".getBytes(StandardCharsets.UTF_8);

        assertThat(channels.verify("CRM", null, body, "k-123").clientId()).isEqualTo("default");
        assertThatThrownBy(() -> channels.verify("CRM", null, body, "k-999")).isInstanceOf(ApiException.class);
        assertThat(channels.verify("SHOP", null, body, HmacSignature.sign("s-456", body)).clientId()).isEqualTo("default");
        assertThatThrownBy(() -> channels.verify("SHOP", null, body, "k-123")).isInstanceOf(ApiException.class);
        assertThat(channels.verify("OPEN", null, body, null).clientId()).isEqualTo("default");
        assertThat(registry.enabled("CRM")).as("CRM_URL is not set").isFalse();
    }
}
