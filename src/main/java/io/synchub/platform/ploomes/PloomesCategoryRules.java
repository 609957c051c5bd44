package io.synchub.platform.ploomes;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The seed's product categories as data ({@code mappings/ploomes/categories.yaml}): ordered rules, each product
 * carries every category it matches, the first matching rule with a product type decides the type ("product" when
 * none). Validated when loaded: exactly the keys services, rentals, atlas, ingersoll, omie.
 */
@Component
public class PloomesCategoryRules {

    static final Set<String> KEYS = Set.of("services", "rentals", "atlas", "ingersoll", "omie");

    /** What the rules say about one product. */
    public record Match(List<String> categories, String productType) {
    }

    private record Rule(String key, String codePrefix, String codeNotPrefix, String nameContains, Set<String> creatorIds,
                        String otherProperty, String productType, String odataFilter) {

        boolean matches(JsonNode p) {
            String code = p.path("Code").asText("");
            if (codePrefix != null && !code.startsWith(codePrefix)) {
                return false;
            }
            if (codeNotPrefix != null && code.startsWith(codeNotPrefix)) {
                return false;
            }
            if (nameContains != null) {
                String names = (p.path("Group").path("Name").asText("") + " " + p.path("Family").path("Name").asText(""))
                        .toLowerCase(Locale.ROOT);
                if (!names.contains(nameContains)) {
                    return false;
                }
            }
            if (!creatorIds.isEmpty() || otherProperty != null) {
                // evidence of the Omie integration: either the creating user or its custom field
                boolean byCreator = creatorIds.contains(p.path("CreatorId").asText());
                boolean byProperty = otherProperty != null && hasProperty(p, otherProperty);
                return byCreator || byProperty;
            }
            return true;
        }

        private static boolean hasProperty(JsonNode p, String key) {
            for (JsonNode prop : p.path("OtherProperties")) {
                if (key.equals(prop.path("FieldKey").asText())) {
                    for (String v : List.of("StringValue", "IntegerValue", "DecimalValue", "BoolValue", "DateTimeValue")) {
                        JsonNode value = prop.get(v);
                        if (value != null && !value.isNull() && !value.asText().isBlank()) {
                            return true;
                        }
                    }
                }
            }
            return false;
        }
    }

    private final List<Rule> rules = new ArrayList<>();

    public PloomesCategoryRules(@Value("${synchub.mappings-dir:mappings}") String mappingsDir, Environment env) {
        Path file = Path.of(mappingsDir, "ploomes", "categories.yaml");
        JsonNode doc = YamlFile.read(file);
        Set<String> seen = new LinkedHashSet<>();
        for (JsonNode r : doc.path("categories")) {
            String key = r.path("key").asText("");
            if (!KEYS.contains(key) || !seen.add(key)) {
                throw new IllegalStateException(file + ": category key '" + key + "' is unknown or repeated; the keys are " + KEYS);
            }
            Set<String> creators = new LinkedHashSet<>();
            String creatorsEnv = text(r, "creatorIdsEnv");
            if (creatorsEnv != null) {
                for (String id : env.getProperty(creatorsEnv, "").split(",")) {
                    if (!id.isBlank()) {
                        creators.add(id.trim());
                    }
                }
            }
            String name = text(r, "nameContains");
            String type = text(r, "productType");
            if (type != null && !Set.of("product", "service", "rental").contains(type)) {
                throw new IllegalStateException(file + ": productType of '" + key + "' must be product, service or rental");
            }
            Rule rule = new Rule(key, text(r, "codePrefix"), text(r, "codeNotPrefix"),
                    name == null ? null : name.toLowerCase(Locale.ROOT), creators, text(r, "otherProperty"), type, text(r, "odataFilter"));
            if (rule.codePrefix == null && rule.codeNotPrefix == null && rule.nameContains == null && creatorsEnv == null
                    && rule.otherProperty == null) {
                throw new IllegalStateException(file + ": category '" + key + "' has no condition");
            }
            rules.add(rule);
        }
        if (!seen.equals(KEYS)) {
            throw new IllegalStateException(file + ": every category needs a rule; missing " + missing(seen));
        }
    }

    private static Set<String> missing(Set<String> seen) {
        Set<String> m = new LinkedHashSet<>(KEYS);
        m.removeAll(seen);
        return m;
    }

    private static String text(JsonNode r, String field) {
        JsonNode v = r.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }

    public Match match(JsonNode product) {
        List<String> categories = new ArrayList<>();
        String type = null;
        for (Rule r : rules) {
            if (r.matches(product)) {
                categories.add(r.key);
                if (type == null && r.productType != null) {
                    type = r.productType;
                }
            }
        }
        return new Match(categories, type == null ? "product" : type);
    }

    /** The OData filter that asks Ploomes for exactly this category, when one expresses its rule. */
    public Optional<String> odataFilter(String key) {
        return rules.stream().filter(r -> r.key.equals(key)).findFirst().map(Rule::odataFilter);
    }

    public boolean known(String key) {
        return KEYS.contains(key);
    }

    /** Keys in rule order. */
    public List<String> keys() {
        return rules.stream().map(Rule::key).toList();
    }

    Map<String, String> filters() {
        Map<String, String> m = new LinkedHashMap<>();
        rules.forEach(r -> m.put(r.key, r.odataFilter));
        return m;
    }
}
