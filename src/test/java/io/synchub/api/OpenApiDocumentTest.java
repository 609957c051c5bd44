package io.synchub.api;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import io.synchub.support.HubClient;
import io.synchub.support.HubTestSupport;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/v1/openapi.json} is a valid OpenAPI 3 document (swagger-parser reports nothing), and it documents
 * every REST operation the running hub exposes: the Camel REST DSL routes and the Spring endpoints under /api/.
 */
class OpenApiDocumentTest extends HubTestSupport {

    @Autowired
    CamelContext camel;
    @Autowired
    @org.springframework.beans.factory.annotation.Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mvc;

    private OpenAPI parse(List<String> messages) {
        HubClient.Response served = hub.get("/api/v1/openapi.json");
        assertThat(served.status()).isEqualTo(200);
        assertThat(served.contentType()).startsWith("application/json");
        try { // left in target/ for an external validator, e.g. npx @redocly/cli lint target/openapi.json
            java.nio.file.Files.writeString(java.nio.file.Path.of("target", "openapi.json"), served.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(served.body(), null, options);
        if (result.getMessages() != null) {
            messages.addAll(result.getMessages());
        }
        return result.getOpenAPI();
    }

    @Test
    void theServedDocumentValidatesWithoutAnyMessage() {
        List<String> messages = new ArrayList<>();
        OpenAPI api = parse(messages);
        assertThat(messages).as("swagger-parser messages").isEmpty();
        assertThat(api.getComponents().getSecuritySchemes()).containsKey("apiKey");
        assertThat(api.getComponents().getSecuritySchemes().get("apiKey").getName()).isEqualTo("X-API-Key");
        assertThat(api.getComponents().getSchemas()).containsKeys("Error", "ListEnvelope");

        List<String> problems = new ArrayList<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> {
            String where = method + " " + path;
            Map<String, ApiResponse> responses = op.getResponses();
            if (op.getOperationId() == null) {
                problems.add(where + ": no operationId");
            }
            if (!responses.containsKey("401")) {
                problems.add(where + ": no 401 response");
            }
            boolean success = responses.entrySet().stream().anyMatch(e -> e.getKey().startsWith("2")
                    && (e.getKey().equals("204") || e.getValue().getContent() != null));
            if (!success) {
                problems.add(where + ": no 2xx response with a body schema");
            }
            responses.forEach((code, r) -> {
                if (code.startsWith("4") && (r.getContent() == null || r.getContent().get("application/json") == null
                        || !"#/components/schemas/Error".equals(r.getContent().get("application/json").getSchema().get$ref()))) {
                    problems.add(where + " " + code + ": not the error shape");
                }
            });
            for (String name : pathParameters(path)) {
                boolean declared = parameters(item, op).stream().anyMatch(p -> p.equals("path:" + name));
                if (!declared) {
                    problems.add(where + ": path parameter {" + name + "} not declared");
                }
            }
        }));
        assertThat(problems).isEmpty();
        assertThat(api.getPaths()).containsKeys("/api/v1/sync/events", "/api/v1/sync/events/poll");
        assertThat(api.getPaths().get("/api/v1/sync/events").getGet().getResponses().get("200").getContent())
                .containsKey("text/event-stream");
    }

    @Test
    void everyRestOperationOfTheRunningHubIsDocumented() {
        OpenAPI api = parse(new ArrayList<>());
        Set<String> exposed = new TreeSet<>();
        for (RestDefinition rest : camel.getCamelContextExtension().getContextPlugin(Model.class).getRestDefinitions()) {
            for (VerbDefinition verb : rest.getVerbs()) {
                exposed.add(verb.asVerb().toUpperCase(Locale.ROOT) + " " + join(rest.getPath(), verb.getPath()));
            }
        }
        for (Map.Entry<RequestMappingInfo, HandlerMethod> e : mvc.getHandlerMethods().entrySet()) {
            for (String pattern : e.getKey().getPatternValues()) {
                if (pattern.startsWith("/api/")) {
                    e.getKey().getMethodsCondition().getMethods().forEach(m -> exposed.add(m.name() + " " + pattern));
                }
            }
        }
        assertThat(exposed).as("the REST operations found").hasSizeGreaterThan(30).contains("GET /api/v1/sync/events");

        List<String> undocumented = exposed.stream().filter(op -> !documented(api, op)).toList();
        assertThat(undocumented).as("REST operations without an entry in openapi/synchub-api.yaml").isEmpty();
        assertThat(documented(api, "GET /api/v1/not-a-route")).as("the check can fail").isFalse();
        assertThat(documented(api, "DELETE /api/v1/conflicts/{id}")).as("the method counts").isFalse();
    }

    private static String join(String base, String path) {
        String b = base == null ? "" : base;
        String p = path == null ? "" : path;
        String joined = (b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + (p.startsWith("/") || p.isEmpty() ? p : "/" + p);
        return joined.startsWith("/") ? joined : "/" + joined;
    }

    /** Documented exactly, or by a templated path of the document ({x} stands for one path segment). */
    private static boolean documented(OpenAPI api, String operation) {
        String method = operation.substring(0, operation.indexOf(' '));
        String path = operation.substring(operation.indexOf(' ') + 1);
        for (Map.Entry<String, PathItem> e : api.getPaths().entrySet()) {
            Operation op = e.getValue().readOperationsMap().get(PathItem.HttpMethod.valueOf(method));
            if (op == null) {
                continue;
            }
            if (e.getKey().equals(path) || Pattern.matches(e.getKey().replaceAll("\\{[^}]+}", "[^/]+"), path)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> pathParameters(String path) {
        List<String> names = new ArrayList<>();
        var m = Pattern.compile("\\{([^}]+)}").matcher(path);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static List<String> parameters(PathItem item, Operation op) {
        List<String> out = new ArrayList<>();
        if (item.getParameters() != null) {
            item.getParameters().forEach(p -> out.add(p.getIn() + ":" + p.getName()));
        }
        if (op.getParameters() != null) {
            op.getParameters().forEach(p -> out.add(p.getIn() + ":" + p.getName()));
        }
        return out;
    }
}
