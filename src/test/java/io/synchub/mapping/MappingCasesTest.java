package io.synchub.mapping;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentest4j.AssertionFailedError;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Mapping cases as data: every folder {@code src/test/resources/mapping-cases/<platform>/<mapping>/<case>/} holds an
 * {@code input.json} and the {@code expected.json} that {@code mappings/<platform>/<mapping>.jsonata} must turn it
 * into, run through the hub's own mapping engine ({@link JsonataMappings}, as the routes call it). An integrator who
 * edits a mapping adds or changes a case folder, no Java.
 *
 * The comparison is strict: the same keys (order aside), the same array order, the same JSON types and numbers as
 * spelled ({@code 5} is not {@code 5.0}, {@code "19.99"} is not {@code 19.99}): a platform that wants an integer or a
 * text gets exactly that. A failure lists every differing path and prints the whole actual result.
 */
class MappingCasesTest {

    static final Path CASES = Path.of("src/test/resources/mapping-cases");
    private static final Path MAPPINGS = Path.of("mappings");
    /** Exact big decimals keep the spelling of numbers: 388 and 388.0 differ, as the bytes sent to a platform do. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private final JsonataMappings engine = new JsonataMappings(MAPPINGS.toString());

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (Path dir : caseFolders()) {
            Path rel = CASES.relativize(dir);
            String mapping = rel.getParent().toString().replace('\\', '/');
            out.add(Arguments.of(rel.toString().replace('\\', '/'), mapping, dir));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void mappingTurnsTheInputIntoTheExpectedDocument(String name, String mapping, Path dir) throws IOException {
        assertThat(MAPPINGS.resolve(mapping + ".jsonata")).as("the mapping file this case folder names").isRegularFile();
        assertMatches(engine, mapping, dir);
    }

    /** Every case folder has both files: a forgotten expected.json must not pass silently. */
    @Test
    void everyCaseFolderIsComplete() throws IOException {
        List<Path> folders = caseFolders();
        assertThat(folders).as("case folders under " + CASES).isNotEmpty();
        try (Stream<Path> files = Files.walk(CASES)) {
            files.filter(Files::isRegularFile).forEach(f -> assertThat(folders).as(f + " lies outside a case folder <platform>/<mapping>/<case>/")
                    .contains(f.getParent()));
        }
        for (Path dir : folders) {
            assertThat(dir.resolve("input.json")).isRegularFile();
            assertThat(dir.resolve("expected.json")).isRegularFile();
        }
    }

    /** The check itself can fail: a changed value, a missing key, a number spelled as text or as 2.0, a reordered array. */
    @Test
    void aWrongExpectedDocumentFailsWithEveryDifferenceNamed(@TempDir Path tmp) throws IOException {
        Path mappings = Files.createDirectories(tmp.resolve("mappings/demo"));
        Files.writeString(mappings.resolve("item-in.jsonata"), "{\"sku\": sku, \"price\": $number(price), \"tags\": tags, \"qty\": qty}");
        Path dir = Files.createDirectories(tmp.resolve("case"));
        Files.writeString(dir.resolve("input.json"), "{\"sku\": \"A-1\", \"price\": \"19.90\", \"tags\": [\"x\", \"y\"], \"qty\": 2}");
        JsonataMappings demo = new JsonataMappings(tmp.resolve("mappings").toString());

        Files.writeString(dir.resolve("expected.json"), "{\"sku\": \"A-1\", \"price\": 19.9, \"tags\": [\"x\", \"y\"], \"qty\": 2}");
        assertMatches(demo, "demo/item-in", dir);

        Files.writeString(dir.resolve("expected.json"),
                "{\"sku\": \"A-2\", \"price\": \"19.9\", \"tags\": [\"y\", \"x\"], \"qty\": 2.0, \"unit\": \"pc\"}");
        assertThatThrownBy(() -> assertMatches(demo, "demo/item-in", dir))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("/sku: expected \"A-2\" but was \"A-1\"")
                .hasMessageContaining("/price: expected \"19.9\" (string) but was 19.9 (number)")
                .hasMessageContaining("/tags/0: expected \"y\" but was \"x\"")
                .hasMessageContaining("/qty: expected 2.0 but was 2")
                .hasMessageContaining("/unit: expected \"pc\" but the key is missing");
    }

    static void assertMatches(JsonataMappings engine, String mapping, Path dir) throws IOException {
        String input = Files.readString(dir.resolve("input.json"));
        JsonNode expected = JSON.readTree(Files.readString(dir.resolve("expected.json")));
        JsonNode actual = JSON.readTree(engine.map(mapping, input));
        List<String> diffs = new ArrayList<>();
        diff("", expected, actual, diffs);
        if (!diffs.isEmpty()) {
            throw new AssertionFailedError("mappings/" + mapping + ".jsonata on " + dir.resolve("input.json") + " differs from "
                    + dir.resolve("expected.json") + ":\n  " + String.join("\n  ", diffs)
                    + "\nactual result:\n" + JSON.writeValueAsString(actual), JSON.writeValueAsString(expected), JSON.writeValueAsString(actual));
        }
    }

    private static void diff(String path, JsonNode expected, JsonNode actual, List<String> out) {
        String at = path.isEmpty() ? "/" : path;
        if (expected.getNodeType() != actual.getNodeType()) {
            out.add(at + ": expected " + expected + " (" + type(expected) + ") but was " + actual + " (" + type(actual) + ")");
            return;
        }
        if (expected.isObject()) {
            TreeSet<String> keys = new TreeSet<>();
            expected.fieldNames().forEachRemaining(keys::add);
            actual.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                String p = path + "/" + key;
                if (!actual.has(key)) {
                    out.add(p + ": expected " + expected.get(key) + " but the key is missing");
                } else if (!expected.has(key)) {
                    out.add(p + ": not expected, but was " + actual.get(key));
                } else {
                    diff(p, expected.get(key), actual.get(key), out);
                }
            }
        } else if (expected.isArray()) {
            Iterator<JsonNode> e = expected.elements();
            Iterator<JsonNode> a = actual.elements();
            for (int i = 0; e.hasNext() || a.hasNext(); i++) {
                if (!a.hasNext()) {
                    out.add(path + "/" + i + ": expected " + e.next() + " but the array ends");
                } else if (!e.hasNext()) {
                    out.add(path + "/" + i + ": not expected, but was " + a.next());
                } else {
                    diff(path + "/" + i, e.next(), a.next(), out);
                }
            }
        } else if (!expected.equals(actual)) {
            // numbers compare by type and spelling: 5 is not 5.0, 19.90 is not 19.9
            out.add(at + ": expected " + expected + " but was " + actual);
        }
    }

    private static String type(JsonNode n) {
        return n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static List<Path> caseFolders() throws IOException {
        if (!Files.isDirectory(CASES)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(CASES)) {
            return files.filter(f -> f.getFileName().toString().equals("input.json") || f.getFileName().toString().equals("expected.json"))
                    .map(Path::getParent).distinct().sorted().toList();
        }
    }
}
