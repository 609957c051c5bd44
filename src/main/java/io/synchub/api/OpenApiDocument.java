package io.synchub.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * {@code GET /api/v1/openapi.json}: the API's curated OpenAPI 3 document ({@code openapi/synchub-api.yaml}), served
 * as JSON. A test checks that every REST path of the running hub is in it, so a new route cannot go undocumented.
 */
@RestController
public class OpenApiDocument {

    static final String RESOURCE = "openapi/synchub-api.yaml";

    private final String json;

    public OpenApiDocument() {
        this.json = load();
    }

    @GetMapping(path = "/api/v1/openapi.json", produces = MediaType.APPLICATION_JSON_VALUE)
    public String document() {
        return json;
    }

    static String load() {
        try (InputStream in = new ClassPathResource(RESOURCE).getInputStream()) {
            Map<String, Object> doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            return new ObjectMapper().writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(RESOURCE + " cannot be written as JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException(RESOURCE + " is missing from the classpath", e);
        }
    }
}
