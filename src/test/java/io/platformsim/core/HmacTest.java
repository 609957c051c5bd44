package io.platformsim.core;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The signature formula against the test vectors at the end of PLATFORMS.md. */
class HmacTest {

    @Test
    void shopifyVectorFromPlatformsMd() {
        byte[] body = "{\"id\":788032119674292922}".getBytes(StandardCharsets.US_ASCII);
        assertThat(body).hasSize(25);
        assertThat(Hmac.sha256Base64("test-secret", body)).isEqualTo("/FFiejv84eRrmbkx5KGcH3bwi8FVyO7wHSXCLEaS3Ko=");
    }

    @Test
    void wooCommerceFixtureVectorFromPlatformsMd() throws Exception {
        byte[] body = Files.readAllBytes(Path.of("src", "test", "resources", "fixtures", "woocommerce", "product.updated.json"));
        assertThat(Hmac.sha256Base64("test-secret", body)).isEqualTo("Xks1Rjn4VDabTVYT9MKN6FID7GnPkc+pAzWW6DCoat0=");
    }

    @Test
    void anotherSecretOrOneChangedByteGivesAnotherSignature() {
        byte[] body = "{\"id\":788032119674292922}".getBytes(StandardCharsets.US_ASCII);
        assertThat(Hmac.sha256Base64("other-secret", body)).isNotEqualTo("/FFiejv84eRrmbkx5KGcH3bwi8FVyO7wHSXCLEaS3Ko=");
        body[7] = '9';
        assertThat(Hmac.sha256Base64("test-secret", body)).isNotEqualTo("/FFiejv84eRrmbkx5KGcH3bwi8FVyO7wHSXCLEaS3Ko=");
    }
}
