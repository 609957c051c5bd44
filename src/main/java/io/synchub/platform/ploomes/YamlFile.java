package io.synchub.platform.ploomes;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.canonical.CanonicalJson;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads one of the Ploomes data files (safe YAML: no types, no aliases bombs) as a JSON tree. */
final class YamlFile {

    private YamlFile() {
    }

    static JsonNode read(Path file) {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            JsonNode tree = CanonicalJson.MAPPER.valueToTree(doc);
            if (tree == null || !tree.isObject()) {
                throw new IllegalStateException(file + " must hold a YAML mapping");
            }
            return tree;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
