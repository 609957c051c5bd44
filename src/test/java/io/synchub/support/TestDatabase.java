package io.synchub.support;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.util.List;
import java.util.UUID;

/**
 * The database a test run uses: H2 (default) or the real PostgreSQL CI starts ({@code -Dsynchub.test.db=postgres},
 * connection from SYNCHUB_TEST_PG_URL / _USER / _PASSWORD). Never a mock.
 */
public final class TestDatabase {


    private TestDatabase() {
    }

    public static boolean postgres() {
        return "postgres".equals(System.getProperty("synchub.test.db", "h2"));
    }

    /**
     * Each application context gets a database of its own (an H2 memory database, or a PostgreSQL schema): cached
     * contexts stay alive between test classes, and their background routes (inbox drain, outbox dispatchers,
     * pollers) must never work on another context's rows.
     */
    public static void register(DynamicPropertyRegistry registry) {
        String name = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        if (postgres()) {
            String url = env("SYNCHUB_TEST_PG_URL", "jdbc:postgresql://localhost:5432/synchub_test");
            registry.add("spring.datasource.url", () -> url + (url.contains("?") ? "&" : "?") + "currentSchema=" + name);
            registry.add("spring.flyway.schemas", () -> name);
            registry.add("spring.flyway.create-schemas", () -> "true");
            registry.add("spring.datasource.username", () -> env("SYNCHUB_TEST_PG_USER", "synchub"));
            registry.add("spring.datasource.password", () -> env("SYNCHUB_TEST_PG_PASSWORD", "synchub"));
        } else {
            registry.add("spring.datasource.url", () -> "jdbc:h2:mem:" + name
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;QUERY_CACHE_SIZE=128;WRITE_DELAY=0;DB_CLOSE_DELAY=-1");
            registry.add("spring.datasource.username", () -> "sa");
            registry.add("spring.datasource.password", () -> "");
        }
    }

    /** Empties every table of the hub (not Flyway's history, not Quartz's) so each test starts from nothing. */
    public static void clean(JdbcTemplate jdbc) {
        List<String> tables = jdbc.queryForList("SELECT table_name FROM information_schema.tables WHERE table_schema = "
                + (postgres() ? "current_schema()" : "'public'") + " AND table_type IN ('BASE TABLE', 'TABLE')", String.class)
                .stream().map(String::toLowerCase)
                .filter(t -> !t.equals("flyway_schema_history") && !t.startsWith("qrtz_") && !t.endsWith("_counter"))
                .toList();
        if (tables.isEmpty()) {
            return;
        }
        if (postgres()) {
            // the hub's background routes poll these tables; a TRUNCATE can lose a deadlock against them: retry
            for (int attempt = 1; ; attempt++) {
                try {
                    jdbc.execute("TRUNCATE " + String.join(", ", tables) + " RESTART IDENTITY CASCADE");
                    return;
                } catch (org.springframework.dao.PessimisticLockingFailureException e) {
                    if (attempt == 10) {
                        throw e;
                    }
                    try {
                        Thread.sleep(50L * attempt);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        throw e;
                    }
                }
            }
        } else {
            jdbc.execute("SET REFERENTIAL_INTEGRITY FALSE");
            try {
                for (String t : tables) {
                    jdbc.execute("TRUNCATE TABLE " + t + " RESTART IDENTITY");
                }
            } finally {
                jdbc.execute("SET REFERENTIAL_INTEGRITY TRUE");
            }
        }
    }

    /**
     * Database properties for a hub started as a separate process (kill -9 tests): an H2 file under {@code dir}, or a
     * PostgreSQL schema of its own. Both survive the process, so a restart finds what the killed one committed.
     */
    public static java.util.Map<String, String> forChildProcess(java.nio.file.Path dir) {
        if (!postgres()) {
            return java.util.Map.of("spring.datasource.url", "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath()
                    + "/synchub;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0");
        }
        String schema = "p" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        String url = env("SYNCHUB_TEST_PG_URL", "jdbc:postgresql://localhost:5432/synchub_test");
        return java.util.Map.of(
                "spring.datasource.url", url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                "spring.datasource.username", env("SYNCHUB_TEST_PG_USER", "synchub"),
                "spring.datasource.password", env("SYNCHUB_TEST_PG_PASSWORD", "synchub"),
                "spring.flyway.schemas", schema,
                "spring.flyway.create-schemas", "true");
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
