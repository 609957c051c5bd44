package io.synchub.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "No platform name in code outside its own platform.<id> package": neutral Java must not name a platform id
 * ("SHOPIFY", "woocommerce", ...) as a string literal, nor use a platform package's classes or the platform
 * constants. Comments and log wording aside. Platform facts belong in mappings/<id>/platform.yaml.
 *
 * The files that still do are listed below with why; the list may only shrink: a listed file that no longer names a
 * platform fails the test too, so it is taken off.
 */
class PlatformNeutralCodeTest {

    static final Path SOURCES = Path.of("src/main/java/io/synchub");
    static final Pattern ID_LITERAL = Pattern.compile("\"(SHOPIFY|WOOCOMMERCE|JTL|PLOOMES|ADMIN|shopify|woocommerce|jtl|ploomes|admin)\"");
    static final Pattern PLATFORM_CLASS = Pattern.compile(
            "io\\.synchub\\.platform\\.(shopify|woocommerce|jtl|ploomes|admin)\\.|PushTargets\\.(SHOPIFY|WOOCOMMERCE|JTL)\\b");

    /** File (relative to io/synchub) -> why it still names a platform. Empty: keep it so. */
    static final Map<String, String> NOT_YET_NEUTRAL = Map.of();

    @Test
    void neutralCodeNamesNoPlatform() throws IOException {
        Map<String, List<String>> found = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String relative = SOURCES.relativize(file).toString().replace('\\', '/');
                if (relative.startsWith("platform/")) {
                    continue;
                }
                List<String> hits = hits(withoutComments(Files.readString(file)));
                if (!hits.isEmpty()) {
                    found.put(relative, hits);
                }
            }
        }
        Map<String, List<String>> unexpected = new TreeMap<>(found);
        unexpected.keySet().removeAll(NOT_YET_NEUTRAL.keySet());
        assertThat(unexpected).as("platform names in neutral code: declare the fact in mappings/<id>/platform.yaml "
                + "or move the code into io.synchub.platform.<id>").isEmpty();
        TreeSet<String> cleaned = new TreeSet<>(NOT_YET_NEUTRAL.keySet());
        cleaned.removeAll(found.keySet());
        assertThat(cleaned).as("these files are neutral now: take them off NOT_YET_NEUTRAL").isEmpty();
    }

    @Test
    void theCheckSeesALiteralAndAPlatformClassButNotAComment() {
        assertThat(hits(withoutComments("class A { String t = \"SHOPIFY\"; }"))).hasSize(1);
        assertThat(hits(withoutComments("import io.synchub.platform.jtl.JtlTokens;"))).hasSize(1);
        assertThat(hits(withoutComments("/** sends to \"SHOPIFY\" */ class A { // \"JTL\"\n }"))).isEmpty();
    }

    static List<String> hits(String code) {
        List<String> out = new ArrayList<>();
        for (Pattern p : List.of(ID_LITERAL, PLATFORM_CLASS)) {
            Matcher m = p.matcher(code);
            while (m.find()) {
                out.add(m.group());
            }
        }
        return out;
    }

    /** The code without its block and line comments (string literals containing comment markers are rare enough here). */
    static String withoutComments(String source) {
        String noBlocks = source.replaceAll("(?s)/\\*.*?\\*/", " ");
        return noBlocks.replaceAll("(?m)(^|[^:\"])//.*$", "$1");
    }
}
