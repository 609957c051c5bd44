package io.synchub.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.canonical.CanonicalJson;
import io.synchub.support.HubTestSupport;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Every metric the Grafana dashboard in docs/grafana queries is one the hub exposes at /actuator/prometheus. */
class GrafanaDashboardTest extends HubTestSupport {

    private static final Path DASHBOARD = Path.of("docs", "grafana", "synchub.json");
    private static final Pattern METRIC = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> PROMQL_WORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "and", "or", "unless", "bool", "offset", "le", "inf", "nan");

    @Test
    void everyQueriedMetricIsExposed() throws IOException {
        JsonNode dashboard = CanonicalJson.parse(Files.readString(DASHBOARD));
        List<String> expressions = new ArrayList<>();
        collectExpressions(dashboard, expressions);
        assertThat(expressions).as("the dashboard's queries").hasSizeGreaterThan(10);

        Set<String> queried = new TreeSet<>();
        expressions.forEach(e -> queried.addAll(metricsIn(e)));
        assertThat(queried).anyMatch(m -> m.startsWith("synchub_")).anyMatch(m -> m.startsWith("camel_"));

        // some families only appear once something happened: an HTTP request served, a poller that has run (no
        // platform is configured here, so one poll's cursor is written as the JTL stock poller writes it)
        jdbc.update("INSERT INTO poll_cursors (name, cursor_value, updated_at) VALUES ('jtl-stock-updates', ?, CURRENT_TIMESTAMP)",
                java.time.Instant.now().toString());
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<String> missing;
        do {
            hub.get("/api/v1/sync/status");
            PrometheusScrape scrape = PrometheusScrape.of(port);
            missing = queried.stream().filter(m -> !scrape.has(m)).toList();
            if (!missing.isEmpty()) {
                sleep();
            }
        } while (!missing.isEmpty() && System.nanoTime() < end);
        assertThat(missing).as("metrics the dashboard queries but /actuator/prometheus lacks").isEmpty();
    }

    private static void sleep() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void collectExpressions(JsonNode node, List<String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().equals("expr") && e.getValue().isTextual()) {
                    out.add(e.getValue().asText());
                } else {
                    collectExpressions(e.getValue(), out);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectExpressions(n, out));
        }
    }

    /** The metric names of a PromQL expression: label matchers, ranges, grouping clauses and functions stripped. */
    static Set<String> metricsIn(String expr) {
        String s = expr.replaceAll("\\{[^}]*\\}", " ")
                .replaceAll("\\[[^\\]]*\\]", " ")
                .replaceAll("\"[^\"]*\"", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(s);
        while (m.find()) {
            String word = m.group();
            int next = m.end();
            while (next < s.length() && s.charAt(next) == ' ') {
                next++;
            }
            boolean function = next < s.length() && s.charAt(next) == '(';
            boolean number = m.start() > 0 && Character.isDigit(s.charAt(m.start() - 1));
            if (!function && !number && !PROMQL_WORDS.contains(word.toLowerCase()) && word.contains("_")) {
                names.add(word);
            }
        }
        return names;
    }
}
