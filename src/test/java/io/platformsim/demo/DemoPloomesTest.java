package io.platformsim.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Ploomes in the demo is opt-in: without PLATFORMSIM_DEMO_PLOOMES_CATALOGUE_SIZE the hub gets no Ploomes base URL
 * (Ploomes stays disabled); with it, a simulator of that many products answers the key the hub is given.
 */
class DemoPloomesTest {

    private static DemoPlatformsPropertySource demo(Map<String, Object> settings) {
        StandardEnvironment env = new StandardEnvironment();
        env.setActiveProfiles("demo");
        env.getPropertySources().addFirst(new MapPropertySource("test", settings));
        new DemoEnvironmentPostProcessor().postProcessEnvironment(env, new SpringApplication());
        return (DemoPlatformsPropertySource) env.getPropertySources().get(DemoPlatformsPropertySource.NAME);
    }

    private static void close(DemoPlatformsPropertySource source) {
        source.simulators().close();
        source.admin().close();
        if (source.ploomes() != null) {
            source.ploomes().close();
        }
    }

    @Test
    void offByDefault() {
        DemoPlatformsPropertySource source = demo(Map.of("platformsim.demo.catalogue-size", "5"));
        try {
            assertThat(source.ploomes()).isNull();
            assertThat(source.containsProperty("PLOOMES_BASE_URL")).isFalse();
        } finally {
            close(source);
        }
    }

    @Test
    void aSmallCatalogueTheHubIsPointedAt() throws Exception {
        DemoPlatformsPropertySource source = demo(Map.of("platformsim.demo.catalogue-size", "5",
                "platformsim.demo.ploomes-catalogue-size", "150"));
        try {
            assertThat(source.ploomes().productCount()).isEqualTo(150);
            String base = (String) source.getProperty("PLOOMES_BASE_URL");
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/Products?$top=100&$skip=100"))
                    .header("User-Key", (String) source.getProperty("PLOOMES_USER_KEY")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode body = new ObjectMapper().readTree(r.body());
            assertThat(body.get("value")).hasSize(50);
            assertThat(source.getProperty("PLOOMES_VALIDATION_KEY")).isEqualTo(source.ploomes().config().validationKey());
            assertThat(source.getProperty("PLOOMES_SYNC_INITIAL_DELAY")).isEqualTo("15s");
        } finally {
            close(source);
        }
    }

    @Test
    void aCatalogueTooLargeIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> demo(Map.of("platformsim.demo.catalogue-size", "5",
                "platformsim.demo.ploomes-catalogue-size", "200000")))
                .hasMessageContaining("ploomes-catalogue-size");
    }
}
