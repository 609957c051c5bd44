package io.synchub.config;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.jdbc.DatabaseDriver;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Before anything else starts: a server database (not the embedded H2) must answer. When it does not, the hub says why
 * in one line (host refused, unknown host, wrong password, missing database: the driver's own words for the root
 * cause) naming the settings to check, and exits, instead of a pool, Flyway and a hundred lines of stack trace.
 */
public final class DatabaseReachability implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    private static final int TIMEOUT_SECONDS = 10;

    private final Runnable exit;

    public DatabaseReachability(Runnable exit) {
        this.exit = exit;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 22;   // after ConfigurationCheck
    }

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        String problem = problem(event.getEnvironment());
        if (problem != null) {
            System.err.println(problem);
            System.err.flush();
            exit.run();
        }
    }

    /** The one-line cause, or null when the database answers (or is the embedded H2). */
    public static String problem(Environment env) {
        String url = env.getProperty("spring.datasource.url", "");
        if (url.isBlank() || url.startsWith("jdbc:h2:")) {
            return null;
        }
        String user = env.getProperty("spring.datasource.username", "");
        String where = url.replaceAll("\\?.*$", "") + (user.isBlank() ? "" : " as " + user);
        try {
            DatabaseDriver kind = DatabaseDriver.fromJdbcUrl(url);
            if (kind.getDriverClassName() == null) {
                return null;   // an unknown driver: leave it to the connection pool
            }
            Driver driver = (Driver) ClassUtils.forName(kind.getDriverClassName(), DatabaseReachability.class.getClassLoader())
                    .getDeclaredConstructor().newInstance();
            Properties props = new Properties();
            props.setProperty("user", user);
            props.setProperty("password", env.getProperty("spring.datasource.password", ""));
            props.setProperty("connectTimeout", String.valueOf(TIMEOUT_SECONDS));
            props.setProperty("loginTimeout", String.valueOf(TIMEOUT_SECONDS));
            try (Connection c = driver.connect(url, props)) {
                return c == null ? "Database error: SPRING_DATASOURCE_URL '" + where + "' is not a URL the "
                        + kind.name() + " driver accepts; for example jdbc:postgresql://db-host:5432/synchub" : null;
            }
        } catch (SQLException e) {
            return "Database unreachable: " + where + ": " + rootMessage(e)
                    + " (check SPRING_DATASOURCE_URL, SPRING_DATASOURCE_USERNAME, SPRING_DATASOURCE_PASSWORD)";
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;   // no driver on the classpath: the pool will say so
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t == e ? e.getMessage() : e.getMessage() + " (" + t.getClass().getSimpleName() + ": " + t.getMessage() + ")";
        return m == null ? e.getClass().getSimpleName() : m.replaceAll("\\s+", " ");
    }
}
