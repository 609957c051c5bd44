package io.synchub.mapping;

import com.dashjoin.jsonata.Jsonata;
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
 * Runs the JSONata files of {@code mappings/}. Camel's {@code jsonata:} component re-reads and re-compiles the
 * expression for every message, which the inbound benchmark showed as the largest single cost; this keeps each
 * compiled expression until its file changes (checked at most once a second), so an integrator's edit still
 * applies without a restart.
 */
@Component("jsonataMappings")
public class JsonataMappings {

    private static final long CHECK_EVERY_MS = 1000;
    private static final ObjectMapper INPUT = new ObjectMapper();

    private final Path dir;
    // compiled expressions are not shared between threads: each worker keeps its own
    private final ThreadLocal<Map<String, Compiled>> compiled = ThreadLocal.withInitial(HashMap::new);

    public JsonataMappings(@Value("${synchub.mappings-dir:mappings}") String mappingsDir) {
        this.dir = Path.of(mappingsDir);
    }

    /** Applies {@code mappings/<name>.jsonata} to a JSON document; returns JSON text ("null" when it yields nothing). */
    public String map(String name, String json) {
        try {
            Object input = json == null || json.isBlank() ? null : INPUT.readValue(json, Object.class);
            Object out = expression(name).evaluate(input);
            return INPUT.writeValueAsString(out);
        } catch (IOException e) {
            throw new IllegalArgumentException("mapping " + name + ": the input is not JSON: " + e.getMessage(), e);
        }
    }

    private Jsonata expression(String name) {
        Map<String, Compiled> cache = compiled.get();
        Compiled c = cache.get(name);
        long now = System.currentTimeMillis();
        if (c != null && now - c.checkedAt < CHECK_EVERY_MS) {
            return c.expression;
        }
        Path file = dir.resolve(name + ".jsonata");
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            if (c == null || !modified.equals(c.modified)) {
                c = new Compiled(compile(file), modified, now);
            } else {
                c = new Compiled(c.expression, c.modified, now);
            }
            cache.put(name, c);
            return c.expression;
        } catch (IOException e) {
            throw new IllegalStateException("mapping file " + file.toAbsolutePath() + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static Jsonata compile(Path file) throws IOException {
        try {
            return Jsonata.jsonata(Files.readString(file));
        } catch (RuntimeException e) {
            throw new IllegalStateException("mapping file " + file + " is not valid JSONata: " + e.getMessage(), e);
        }
    }

    private record Compiled(Jsonata expression, FileTime modified, long checkedAt) {
    }
}
