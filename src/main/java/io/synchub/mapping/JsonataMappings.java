package io.synchub.mapping;

import com.dashjoin.jsonata.Jsonata;
import io.synchub.canonical.CanonicalFields;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Runs the JSONata files of {@code mappings/} (JSON text or a parsed document in, JSON text out).
 *
 * Camel's {@code jsonata:} component re-reads and re-compiles the file for every message, the largest single
 * cost in the inbound benchmark. So each worker thread keeps the compiled expression of each file
 * ({@link CompiledMapping}, which also keeps the library's per-evaluation cost flat) and recompiles it at once when
 * the file changes (checked at most once a second): an integrator's edit applies without a restart.
 *
 * A file that does not compile makes the work needing it wait ({@link MappingUnavailableException}: the inbox keeps
 * such deliveries pending without using an attempt), is logged once per file version (not per delivery), and shows
 * in {@code /actuator/health} as component {@code mappings} DOWN until it is fixed.
 */
@Component("jsonataMappings")
public class JsonataMappings {

    private static final long CHECK_EVERY_MS = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(JsonataMappings.class);

    private final Path dir;
    private final ThreadLocal<Map<String, Compiled>> compiled = ThreadLocal.withInitial(HashMap::new);
    /** Mapping name → the version of its file that does not compile, and why. */
    private final Map<String, Broken> broken = new ConcurrentHashMap<>();
    /** Mapping name → the file version the health check last compiled. */
    private final Map<String, FileTime> healthChecked = new ConcurrentHashMap<>();

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

    /** Applies {@code mappings/<name>.jsonata} to each document in turn (a run of deliveries); results in their order. */
    public List<String> mapAll(String name, List<?> documents) {
        List<String> out = new ArrayList<>(documents.size());
        for (Object document : documents) {
            out.add(map(name, document));
        }
        return out;
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

    private CompiledMapping expression(String name) {
        Map<String, Compiled> cache = compiled.get();
        Compiled c = cache.get(name);
        long now = System.currentTimeMillis();
        if (c != null && now - c.checkedAt < CHECK_EVERY_MS) {
            return c.expression;
        }
        Path file = dir.resolve(name + ".jsonata");
        FileTime modified;
        String source;
        try {
            modified = Files.getLastModifiedTime(file);
            Broken known = broken.get(name);
            if (known != null && modified.equals(known.modified)) {
                cache.remove(name);
                throw new MappingUnavailableException(name, known.message);
            }
            if (c != null && modified.equals(c.modified)) {
                c.checkedAt = now;
                return c.expression;
            }
            source = Files.readString(file);
        } catch (IOException e) {
            cache.remove(name);
            throw unavailable(name, null, "mapping file " + file.toAbsolutePath() + " cannot be read: " + e.getMessage());
        }
        try {
            c = new Compiled(new CompiledMapping(source), modified, now);
        } catch (RuntimeException e) {
            cache.remove(name);
            throw unavailable(name, modified, "mapping file " + file + " is not valid JSONata: " + e.getMessage());
        }
        cache.put(name, c);
        recovered(name);
        return c.expression;
    }

    /** Records a file version that cannot be used; logs it once per version. */
    private MappingUnavailableException unavailable(String name, FileTime modified, String message) {
        Broken before = broken.put(name, new Broken(modified, message));
        if (before == null || !java.util.Objects.equals(before.modified, modified) || !before.message.equals(message)) {
            LOG.error("{}; the deliveries that need it wait until the file is fixed", message);
        }
        return new MappingUnavailableException(name, message);
    }

    private void recovered(String name) {
        if (broken.remove(name) != null) {
            LOG.info("mapping file {}.jsonata compiles again; the deliveries waiting for it continue", name);
        }
    }

    /**
     * The mapping files that cannot be used now (name → reason), for the health check: compiles each file of the
     * folder whose version it has not compiled yet, so a broken edit shows before any delivery needs it.
     */
    public Map<String, String> brokenFiles() {
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(f -> f.toString().endsWith(".jsonata")).forEach(this::healthCheck);
        } catch (IOException | RuntimeException e) {
            // the folder itself is gone: the deliveries will say which file they miss
        }
        Map<String, String> out = new TreeMap<>();
        broken.forEach((name, b) -> out.put(name + ".jsonata", b.message));
        return out;
    }

    private void healthCheck(Path file) {
        String rel = dir.relativize(file).toString().replace('\\', '/');
        String name = rel.substring(0, rel.length() - ".jsonata".length());
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            if (modified.equals(healthChecked.get(name))) {
                return;
            }
            String source = Files.readString(file);
            try {
                Jsonata.jsonata(source);
                recovered(name);
            } catch (RuntimeException e) {
                unavailable(name, modified, "mapping file " + file + " is not valid JSONata: " + e.getMessage());
            }
            healthChecked.put(name, modified);
        } catch (IOException e) {
            // vanished between listing and reading
        }
    }

    private record Broken(FileTime modified, String message) {
    }

    private static final class Compiled {
        final CompiledMapping expression;
        final FileTime modified;
        long checkedAt;

        Compiled(CompiledMapping expression, FileTime modified, long checkedAt) {
            this.expression = expression;
            this.modified = modified;
            this.checkedAt = checkedAt;
        }
    }
}
