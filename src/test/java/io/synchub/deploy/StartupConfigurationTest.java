package io.synchub.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A configuration error stops the hub before anything starts, in one line that names the variable, the bad value and
 * a good example, with a non-zero exit status; an unreachable database likewise names its cause in one line. The hub
 * runs as its own process (the way an operator starts it), in an empty directory so nothing local is touched.
 */
class StartupConfigurationTest {

    @TempDir
    Path dir;

    @Test
    void aBadDurationNamesTheVariableTheValueAndAGoodExample() throws Exception {
        Result r = start(Map.of("JTL_POLL_INTERVAL", "2minutes"));

        assertThat(r.exit).isEqualTo(2);
        List<String> errors = r.lines.stream().filter(l -> l.startsWith("Configuration error")).toList();
        assertThat(errors).containsExactly("Configuration error: JTL_POLL_INTERVAL='2minutes' is not a duration "
                + "(a number with ms, s, m, h or d); for example JTL_POLL_INTERVAL=2m (property synchub.jtl.poll-interval)");
        assertThat(r.lines).as("nothing else started, no stack trace").hasSizeLessThanOrEqualTo(3)
                .noneMatch(l -> l.contains("Exception") || l.contains("\tat ") || l.contains("Tomcat") || l.contains("HikariPool"));
        assertThat(Files.exists(dir.resolve("data"))).as("no database was created").isFalse();
    }

    @Test
    void everyBadValueGetsItsOwnLine() throws Exception {
        Result r = start(Map.of("SYNCHUB_OUTBOX_LEASE", "five minutes", "SYNCHUB_OUTBOX_BATCH_SIZE", "lots",
                "SYNCHUB_ORDERS_ACCEPT_TEST_ORDERS", "yes please"));

        assertThat(r.exit).isEqualTo(2);
        assertThat(r.lines.stream().filter(l -> l.startsWith("Configuration error"))).hasSize(3)
                .anyMatch(l -> l.contains("SYNCHUB_OUTBOX_LEASE='five minutes'") && l.contains("SYNCHUB_OUTBOX_LEASE=5m"))
                .anyMatch(l -> l.contains("SYNCHUB_OUTBOX_BATCH_SIZE='lots' is not a whole number") && l.contains("=100"))
                .anyMatch(l -> l.contains("SYNCHUB_ORDERS_ACCEPT_TEST_ORDERS='yes please' is neither true nor false"));
    }

    @Test
    void anUnreachableDatabaseIsOneLineWithItsCause() throws Exception {
        Result r = start(Map.of("SPRING_DATASOURCE_URL", "jdbc:postgresql://127.0.0.1:1/synchub",
                "SPRING_DATASOURCE_USERNAME", "synchub", "SPRING_DATASOURCE_PASSWORD", "not-logged"));

        assertThat(r.exit).isEqualTo(2);
        assertThat(r.lines).hasSizeLessThanOrEqualTo(3)
                .anyMatch(l -> l.startsWith("Database unreachable: jdbc:postgresql://127.0.0.1:1/synchub as synchub: ")
                        && l.contains("SPRING_DATASOURCE_URL"))
                .noneMatch(l -> l.contains("not-logged") || l.contains("\tat "));
    }

    private Result start(Map<String, String> env) throws Exception {
        Path log = dir.resolve("out.log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", classpath(), "io.synchub.SyncHubApplication", "--server.port=0",
                "--synchub.pos.websocket.port=0", "--synchub.mappings-dir=" + Path.of("mappings").toAbsolutePath(),
                "--camel.main.routes-include-pattern=file:" + Path.of("routes").toAbsolutePath() + "/*.yaml")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("SPRING_") || k.startsWith("SYNCHUB_") || k.startsWith("JTL_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("the hub did not stop within 120 s; output: " + Files.readString(log));
        }
        List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
        return new Result(p.exitValue(), lines);
    }

    /** Absolute entries: the child runs in another directory. */
    private static String classpath() {
        StringBuilder b = new StringBuilder();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            b.append(b.isEmpty() ? "" : File.pathSeparator).append(Path.of(e).toAbsolutePath());
        }
        return b.toString();
    }

    private record Result(int exit, List<String> lines) {
    }
}
