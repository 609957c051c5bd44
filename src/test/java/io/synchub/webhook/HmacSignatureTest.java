package io.synchub.webhook;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The test vectors of PLATFORMS.md ("HMAC test vectors"). */
class HmacSignatureTest {

    @Test
    void matchesThePublishedVectors() throws Exception {
        byte[] small = "{\"id\":788032119674292922}".getBytes(StandardCharsets.UTF_8);
        assertThat(HmacSignature.sign("test-secret", small)).isEqualTo("/FFiejv84eRrmbkx5KGcH3bwi8FVyO7wHSXCLEaS3Ko=");
        byte[] woo = Files.readAllBytes(Path.of("src", "test", "resources", "fixtures", "woocommerce", "product.updated.json"));
        assertThat(HmacSignature.sign("test-secret", woo)).isEqualTo("Xks1Rjn4VDabTVYT9MKN6FID7GnPkc+pAzWW6DCoat0=");
    }

    @Test
    void rejectsAnyOtherSignature() {
        byte[] body = "{\"id\":1}".getBytes(StandardCharsets.UTF_8);
        String good = HmacSignature.sign("s", body);
        assertThat(HmacSignature.matches("s", body, good)).isTrue();
        assertThat(HmacSignature.matches("s", body, " " + good + " ")).isTrue();
        assertThat(HmacSignature.matches("other", body, good)).isFalse();
        assertThat(HmacSignature.matches("s", "{\"id\":2}".getBytes(StandardCharsets.UTF_8), good)).isFalse();
        assertThat(HmacSignature.matches("s", body, good.toLowerCase())).isFalse();
    }
}
