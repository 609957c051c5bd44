package io.synchub.mapping;

import com.dashjoin.jsonata.Jsonata;
import io.synchub.canonical.CanonicalFields;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs the JSONata files of {@code mappings/} (JSON text or a parsed document in, JSON text out).
 *
 * Camel's {@code jsonata:} component re-reads and re-compiles the file for every message, the largest single
 * cost in the inbound benchmark. Keeping one compiled expression forever is no answer either: jsonata-java
 * 0.9.9 slows down with every evaluation of an expression that binds variables ({@code $x := …}; measured
 * 2.6 ms → 8 ms per call over 1,500 calls). So each worker thread keeps a compiled expression for a bounded number
 * of evaluations, and recompiles at once when the file changes (checked at most once a second): an integrator's
 * edit applies without a restart.
 */
@Component("jsonataMappings")
public class JsonataMappings {

    private static final long CHECK_EVERY_MS = 1000;
    private static final int EVALUATIONS_PER_COMPILE = 64;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final ThreadLocal<Map<String, Compiled>> compiled = ThreadLocal.withInitial(HashMap::new);

    public JsonataMappings(@Value("${synchub.mappings-dir:mappings}") String mappingsDir) {
        this.dir = Path.of(mappingsDir);
    }

    /** Applies {@code mappings/<name>.jsonata}; returns JSON text ("null" when the mapping yields nothing). */
    public String map(String name, Object document) {
        Object input = toInput(name, document);
        Object out;
        try {
            out = expression(name).evaluate(input);
        } catch (com.dashjoin.jsonata.JException e) {
            if ("D1001".equals(e.getError())) {
                // the payload's value, not the mapping, is at fault (a price of 1e400): invalid for good, never retried
                throw CanonicalFields.invalid(name, "a value of the payload maps to a number out of range");
            }
            throw e;
        }
        try {
            return JSON.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("mapping " + name + " produced a value that is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static Object toInput(String name, Object document) {
        if (document == null) {
            return null;
        }
        try {
            if (document instanceof String s) {
                return s.isBlank() ? null : JSON.readValue(s, Object.class);
            }
            if (document instanceof byte[] b) {
                return JSON.readValue(b, Object.class);
            }
            if (document instanceof JsonNode n) {
                return JSON.treeToValue(n, Object.class);
            }
            return JSON.convertValue(document, Object.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("mapping " + name + ": the input is not JSON: " + e.getMessage(), e);
        }
    }

    private Jsonata expression(String name) {
        Map<String, Compiled> cache = compiled.get();
        Compiled c = cache.get(name);
        long now = System.currentTimeMillis();
        if (c != null && c.uses < EVALUATIONS_PER_COMPILE && now - c.checkedAt < CHECK_EVERY_MS) {
            c.uses++;
            return c.expression;
        }
        Path file = dir.resolve(name + ".jsonata");
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            String source = c != null && modified.equals(c.modified) ? c.source : Files.readString(file);
            c = new Compiled(source, compile(file, source), modified, now);
            cache.put(name, c);
            return c.expression;
        } catch (IOException e) {
            throw new IllegalStateException("mapping file " + file.toAbsolutePath() + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static Jsonata compile(Path file, String source) {
        try {
            return Jsonata.jsonata(source);
        } catch (RuntimeException e) {
            throw new IllegalStateException("mapping file " + file + " is not valid JSONata: " + e.getMessage(), e);
        }
    }

    private static final class Compiled {
        final String source;
        final Jsonata expression;
        final FileTime modified;
        final long checkedAt;
        int uses = 1;

        Compiled(String source, Jsonata expression, FileTime modified, long checkedAt) {
            this.source = source;
            this.expression = expression;
            this.modified = modified;
            this.checkedAt = checkedAt;
        }
    }
}
