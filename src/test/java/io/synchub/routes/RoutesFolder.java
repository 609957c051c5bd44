package io.synchub.routes;

import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A temporary copy of the shipped routes/ folder for a hub under test (SYNCHUB_ROUTES_DIR), so a test can replace or
 * edit route files as an integrator would without touching the shipped ones.
 */
final class RoutesFolder {

    private static final AtomicLong CLOCK = new AtomicLong(Instant.now().getEpochSecond());

    private RoutesFolder() {
    }

    static Path copy() {
        try {
            Path dir = Files.createTempDirectory("synchub-routes");
            FileSystemUtils.copyRecursively(Path.of("routes"), dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Saves the file as a careful editor does: the new text is written beside it and moved into place in one step, so a
     * watcher never reads a half-written file; the modification time moves forward (file systems with coarse timestamps).
     */
    static void write(Path file, String text) {
        try {
            Path next = file.resolveSibling(file.getFileName() + ".saving");
            Files.writeString(next, text);
            Files.setLastModifiedTime(next, FileTime.from(Instant.ofEpochSecond(CLOCK.addAndGet(5))));
            Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path dir) {
        try {
            FileSystemUtils.deleteRecursively(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An integrator's own api-sync-runs.yaml: the same endpoints and route ids as the shipped file, but the list
     * answers a fixed document naming who answered.
     */
    static String syncRunsAnsweredBy(String who) {
        return """
                # The run log, as an integrator changed it: the list answers a fixed document.
                - rest:
                    id: api-sync-runs
                    path: /api/v1
                    produces: application/json
                    get:
                      - id: api-list-sync-runs
                        path: /sync/runs
                        to: direct:api-list-sync-runs
                      - id: api-get-sync-run
                        path: /sync/runs/{id}
                        to: direct:api-get-sync-run

                - route:
                    id: api-list-sync-runs
                    routeConfigurationId: http-errors
                    from:
                      uri: direct:api-list-sync-runs
                      steps:
                        - setBody:
                            constant: '{"items":[],"answeredBy":"%s"}'
                        - setHeader:
                            name: Content-Type
                            constant: application/json

                - route:
                    id: api-get-sync-run
                    routeConfigurationId: http-errors
                    from:
                      uri: direct:api-get-sync-run
                      steps:
                        - setBody:
                            method:
                              ref: syncRunsApi
                              method: get
                        - setHeader:
                            name: Content-Type
                            constant: application/json
                """.formatted(who.replace("'", "''"));
    }
}
