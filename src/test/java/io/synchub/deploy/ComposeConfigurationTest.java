package io.synchub.deploy;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml configures what the README documents: every variable of the README's configuration tables
 * reaches the hub service, and none is given an empty default (an empty string overrides the hub's own default,
 * e.g. JTL's endpoint, and silently disables a platform).
 */
class ComposeConfigurationTest {

    private static final Pattern VARIABLE = Pattern.compile("(?<![A-Za-z0-9_])(_?[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)(?![A-Za-z0-9_])");
    private static final Pattern EMPTY_DEFAULT = Pattern.compile("\\$\\{[A-Za-z0-9_]+:?-}");

    @Test
    void everyDocumentedVariableReachesTheHubWithoutAnEmptyDefault() throws IOException {
        Set<String> documented = documentedVariables(Files.readString(Path.of("README.md")));
        assertThat(documented).as("variables found in the README's configuration tables")
                .contains("JTL_BASE_URL", "JTL_TOKEN_URL", "SHOPIFY_LOCATION_ID", "SYNCHUB_OPERATOR_PASSWORD",
                        "SYNCHUB_WS_ALLOWED_ORIGINS", "SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD")
                .hasSizeGreaterThan(40);

        Map<String, Object> hub = hubService();
        Map<String, String> environment = environment(hub.get("environment"));
        assertThat(environment.keySet()).as("variables passed to the hub service").containsAll(documented);
        environment.forEach((name, value) -> {
            if (value != null) {
                assertThat(value).as(name + " must not be an empty string").isNotEmpty();
                assertThat(EMPTY_DEFAULT.matcher(value).find()).as(name + " = " + value + " has an empty default").isFalse();
            }
        });
        assertThat(hub).containsKeys("env_file", "restart", "healthcheck");
        assertThat(String.valueOf(((Map<?, ?>) hub.get("healthcheck")).get("test"))).contains("/actuator/health/readiness");
    }

    @Test
    void theReadmeTableParserExpandsSuffixes() {
        String readme = "## Configuration\n\n| Variable | Meaning | Default |\n|---|---|---|\n"
                + "| `SPRING_DATASOURCE_URL` / `_USERNAME` | database, `X-API-Key` over HTTP | H2 |\n## Next\n| `NOT_THIS` | | |\n";
        assertThat(documentedVariables(readme)).containsExactly("SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_USERNAME");
    }

    /** Every NAME_WITH_UNDERSCORES in a table row of the "Configuration" section; `_SUFFIX` extends the previous one. */
    static Set<String> documentedVariables(String readme) {
        Set<String> out = new LinkedHashSet<>();
        boolean inSection = false;
        for (String line : readme.split("\n")) {
            if (line.startsWith("## ")) {
                inSection = line.trim().equals("## Configuration");
                continue;
            }
            if (!inSection || !line.startsWith("|")) {
                continue;
            }
            String previous = null;
            Matcher m = VARIABLE.matcher(line);
            while (m.find()) {
                String token = m.group(1);
                if (token.startsWith("_") && previous != null) {
                    token = previous.substring(0, previous.lastIndexOf('_')) + token;
                } else if (token.startsWith("_") || !token.contains("_")) {
                    continue;
                }
                out.add(token);
                previous = token;
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> hubService() throws IOException {
        Map<String, Object> compose = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(Path.of("docker-compose.yml")));
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        return (Map<String, Object>) services.get("synchub");
    }

    /** Compose allows a map (NAME: value, NAME: for pass-through) or a list (NAME=value, NAME for pass-through). */
    private static Map<String, String> environment(Object env) {
        Map<String, String> out = new LinkedHashMap<>();
        if (env instanceof Map<?, ?> map) {
            map.forEach((k, v) -> out.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
        } else if (env instanceof List<?> list) {
            for (Object item : new ArrayList<>(list)) {
                String s = String.valueOf(item);
                int eq = s.indexOf('=');
                out.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? null : s.substring(eq + 1));
            }
        }
        return out;
    }
}
