package io.synchub.cluster;

import com.zaxxer.hikari.HikariDataSource;
import io.synchub.changelog.ChangeCommitted;
import io.synchub.orders.events.OrderEventsCommitted;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * The receiving half of cross-instance notifications, on PostgreSQL only: one connection of its own {@code LISTEN}s;
 * a notification from another instance makes this one read what it needs from the tables and publish it in-process,
 * exactly as if it had been committed here:
 * <ul>
 *   <li>change-log entries after the last sequence it has seen become {@link ChangeCommitted} events (the POS
 *       WebSocket notifications of every instance), skipping the ones this instance wrote itself;</li>
 *   <li>an order-event id becomes {@link OrderEventsCommitted}, which wakes the SSE dispatcher (it reads the table
 *       from its own last dispatched id).</li>
 * </ul>
 * When the listening connection breaks it is opened again, and everything after the last seen sequence is read: a
 * notification lost meanwhile loses nothing.
 */
@Component
public class ClusterListener implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterListener.class);
    private static final int PAGE = 1000;

    private final ClusterNotifications notifications;
    private final JdbcTemplate jdbc;
    private final DataSource dataSource;
    private final ApplicationEventPublisher publisher;
    private final Duration reconnectDelay;
    private volatile boolean running;
    private volatile Thread thread;
    private volatile Connection connection;
    private volatile long lastSeen;

    public ClusterListener(ClusterNotifications notifications, JdbcTemplate jdbc, DataSource dataSource,
                           ApplicationEventPublisher publisher,
                           @Value("${synchub.cluster.reconnect-delay:1s}") Duration reconnectDelay) {
        this.notifications = notifications;
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.publisher = publisher;
        this.reconnectDelay = reconnectDelay;
    }

    @Override
    public void start() {
        if (!notifications.enabled()) {
            return;
        }
        lastSeen = jdbc.queryForObject("SELECT last_seq FROM change_log_counter WHERE id = 1", Long.class);
        running = true;
        Thread t = new Thread(this::listen, "synchub-cluster-listen");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    @Override
    public void stop() {
        running = false;
        closeQuietly();
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** The last change-log sequence this instance has published (for tests and the health of the path). */
    public long lastSeen() {
        return lastSeen;
    }

    /** Breaks the listening connection as a network failure would (tests of the reconnect). */
    public void dropConnection() {
        closeQuietly();
    }

    private void listen() {
        while (running) {
            try {
                Connection c = open();
                connection = c;
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + notifications.changesChannel());
                    s.execute("LISTEN " + notifications.orderEventsChannel());
                }
                // whatever was committed while not listening
                catchUpChanges();
                publisher.publishEvent(new OrderEventsCommitted(-1));
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] received = pg.getNotifications(500);
                    if (received == null) {
                        continue;
                    }
                    boolean changes = false;
                    long orderEvent = -1;
                    for (PGNotification n : received) {
                        String payload = n.getParameter();
                        if (payload.startsWith(notifications.instanceId() + ":")) {
                            continue;
                        }
                        if (notifications.changesChannel().equals(n.getName())) {
                            changes = true;
                        } else {
                            orderEvent = Math.max(orderEvent, Long.parseLong(payload.substring(payload.indexOf(':') + 1)));
                        }
                    }
                    if (changes) {
                        catchUpChanges();
                    }
                    if (orderEvent >= 0) {
                        publisher.publishEvent(new OrderEventsCommitted(orderEvent));
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    LOG.warn("cross-instance notifications: listening connection lost ({}), reconnecting in {}", e.toString(),
                            reconnectDelay);
                }
            } finally {
                closeQuietly();
            }
            sleep();
        }
    }

    private void catchUpChanges() {
        List<ChangeCommitted> page;
        do {
            page = jdbc.query("SELECT seq, entity_type, entity_id, store_id, change_type, origin, changed_at FROM change_log "
                            + "WHERE seq > ? ORDER BY seq LIMIT ?",
                    (rs, i) -> new ChangeCommitted(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant()), lastSeen, PAGE);
            for (ChangeCommitted c : page) {
                if (!notifications.ownSequence(c.seq())) {
                    publisher.publishEvent(c);
                }
                lastSeen = c.seq();
            }
        } while (page.size() == PAGE && running);
    }

    private Connection open() throws SQLException {
        if (dataSource instanceof HikariDataSource h) {
            Properties p = new Properties();
            if (h.getUsername() != null) {
                p.setProperty("user", h.getUsername());
            }
            if (h.getPassword() != null) {
                p.setProperty("password", h.getPassword());
            }
            return DriverManager.getConnection(h.getJdbcUrl(), p);
        }
        // not a pool we can copy the settings of: hold one of its connections for as long as we listen
        return dataSource.getConnection();
    }

    private void closeQuietly() {
        Connection c = connection;
        connection = null;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing a broken connection
            }
        }
    }

    private void sleep() {
        try {
            Thread.sleep(reconnectDelay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
