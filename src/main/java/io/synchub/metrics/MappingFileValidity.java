package io.synchub.metrics;

import com.dashjoin.jsonata.Jsonata;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.synchub.ownership.OwnershipRulesFile;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * {@code synchub_mapping_file_valid{file}}: 1 when a mapping file in the mappings folder ({@code <platform>/<name>.jsonata}
 * and {@code ownership.yaml}) compiles, 0 when the file on disk is broken (the hub then keeps its last good version, so
 * the metric is what tells an operator an edit did not take). A file is re-checked only when it changed.
 */
@Component
class MappingFileValidity {

    private record Check(long modified, boolean valid) {
    }

    private final Path dir;
    private final MeterRegistry registry;
    private final Map<String, Check> checks = new ConcurrentHashMap<>();
    private final CachedReading<Map<String, Check>> reading;

    MappingFileValidity(MeterRegistry registry, @Value("${synchub.mappings-dir:mappings}") String mappingsDir,
                        @Value("${synchub.metrics.refresh:5s}") Duration refresh) {
        this.dir = Path.of(mappingsDir);
        this.registry = registry;
        this.reading = new CachedReading<>(this::scan, refresh, Clock.systemUTC());
        Gauge.builder("synchub_mapping_files_invalid", this, m -> m.reading.get().values().stream().filter(c -> !c.valid()).count())
                .description("mapping files that do not compile").strongReference(true).register(registry);
        reading.get();
    }

    private Map<String, Check> scan() {
        try (Stream<Path> files = Files.walk(dir, 2)) {
            files.filter(p -> p.toString().endsWith(".jsonata") || p.getFileName().toString().equals("ownership.yaml"))
                    .forEach(this::check);
        } catch (IOException | RuntimeException e) {
            // the folder itself is unreadable: the files keep their last known state
        }
        return checks;
    }

    private void check(Path file) {
        String name = dir.relativize(file).toString().replace('\\', '/');
        try {
            long modified = Files.getLastModifiedTime(file).toMillis();
            Check previous = checks.get(name);
            if (previous != null && previous.modified() == modified) {
                return;
            }
            boolean valid = compiles(file);
            if (checks.put(name, new Check(modified, valid)) == null) {
                Gauge.builder("synchub_mapping_file_valid", this, m -> m.reading.get().get(name).valid() ? 1 : 0)
                        .description("1 when the mapping file compiles, 0 when it is broken").tag("file", name)
                        .strongReference(true).register(registry);
            }
        } catch (IOException e) {
            checks.put(name, new Check(-1, false));
        }
    }

    private boolean compiles(Path file) {
        try {
            if (file.toString().endsWith(".jsonata")) {
                Jsonata.jsonata(Files.readString(file));
            } else {
                new OwnershipRulesFile(dir.toString(), "");
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
