package io.synchub.schedule;

import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.CamelContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.scheduling.quartz.SchedulerFactoryBean;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.Properties;

/**
 * Every poller, sweep and purge of routes/ runs on {@code quartz:} endpoints backed by one Quartz scheduler with the
 * JDBC job store on the hub's own database, clustered: however many hub instances share the database, each trigger
 * fires on one of them per interval (Quartz's row lock on {@code qrtz_locks}), and a node that dies stops owning its
 * fired triggers after {@code synchub.scheduler.cluster-checkin-interval}. The tables come from Flyway
 * ({@code db/migration/h2}, {@code db/migration/postgresql}). On H2 (one node) the same store simply has one member.
 * <p>
 * Misfires: a trigger that could not fire on time (every instance down, all scheduler threads busy) longer than
 * {@code synchub.scheduler.misfire-threshold} fires once as soon as an instance can, then keeps its interval — never a
 * burst of the missed runs (Camel's defaults: simple triggers "fire now", cron triggers "fire once and proceed"). The
 * routes use {@code stateful=true}: a job never runs twice at once anywhere in the cluster, as a timer never overlapped
 * itself; and {@code job.requestsRecovery=true}: a run cut short by an instance that died is run again by another
 * (every scheduled route is safe to repeat: cursors, dedupe, idempotent sweeps).
 */
@Configuration
public class ClusteredSchedules {

    @Bean
    SchedulerFactoryBean clusteredScheduler(DataSource dataSource,
                                            @Value("${synchub.scheduler.threads:10}") int threads,
                                            @Value("${synchub.scheduler.cluster-checkin-interval:5s}") Duration checkin,
                                            @Value("${synchub.scheduler.misfire-threshold:30s}") Duration misfireThreshold) {
        SchedulerFactoryBean factory = new SchedulerFactoryBean();
        // one name for every instance: that is what makes them one cluster; each instance gets its own id
        factory.setSchedulerName("synchub");
        // the job store takes its connections from the hub's pool under a name of this application context's own
        // (Quartz keeps data sources in a JVM-wide registry; a shared name would mix several hubs in one JVM)
        String dataSourceName = "synchub-" + java.util.UUID.randomUUID();
        org.quartz.utils.DBConnectionManager.getInstance().addConnectionProvider(dataSourceName,
                new org.quartz.utils.ConnectionProvider() {
                    @Override
                    public java.sql.Connection getConnection() throws java.sql.SQLException {
                        return dataSource.getConnection();
                    }

                    @Override
                    public void shutdown() {
                        // the pool belongs to the application context
                    }

                    @Override
                    public void initialize() {
                    }
                });
        // started just before the routes (camelBeforeRoutes): started, Camel honours each trigger's initial delay
        factory.setAutoStartup(false);
        factory.setWaitForJobsToCompleteOnShutdown(false);
        Properties p = new Properties();
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.dataSource", dataSourceName);
        p.setProperty("org.quartz.scheduler.instanceId", "AUTO");
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", Long.toString(checkin.toMillis()));
        p.setProperty("org.quartz.jobStore.misfireThreshold", Long.toString(misfireThreshold.toMillis()));
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", postgres(dataSource)
                ? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate" : "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
        p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threads));
        p.setProperty("org.quartz.threadPool.threadNamePrefix", "synchub-schedule");
        factory.setQuartzProperties(p);
        return factory;
    }

    /** The quartz: endpoints of routes/ use the clustered scheduler instead of creating one in memory. */
    @Bean
    ComponentCustomizer quartzOnClusteredScheduler(org.quartz.Scheduler clusteredScheduler) {
        return ComponentCustomizer.forType(QuartzComponent.class, c -> c.setScheduler(clusteredScheduler));
    }

    /**
     * Before the routes start: the {@code millis} properties function ({@code {{millis:synchub.jtl.poll-interval}}}, a
     * duration setting in milliseconds), and the scheduler itself, so that Camel applies each new trigger's
     * {@code triggerStartDelay} (it ignores it while the scheduler is not started). A stored trigger that comes due
     * before the routes run is held back by {@link RoutesStartedGate} and runs once when they do.
     */
    @Bean
    CamelContextConfiguration camelBeforeRoutes(Environment env, org.quartz.Scheduler clusteredScheduler) {
        RoutesStartedGate gate = new RoutesStartedGate();
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
                camelContext.getPropertiesComponent().addPropertiesFunction(new MillisFunction(env));
                try {
                    clusteredScheduler.getListenerManager().addTriggerListener(gate);
                    clusteredScheduler.getListenerManager().addTriggerListener(new EarlyFireRetry());
                    clusteredScheduler.start();
                } catch (org.quartz.SchedulerException e) {
                    throw new IllegalStateException("the clustered scheduler did not start", e);
                }
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
                try {
                    // where CamelJob finds the context (the quartz component puts it there too, a moment later)
                    clusteredScheduler.getContext().put(org.apache.camel.component.quartz.QuartzConstants.QUARTZ_CAMEL_CONTEXT
                            + "-" + camelContext.getName(), camelContext);
                } catch (org.quartz.SchedulerException e) {
                    throw new IllegalStateException("the clustered scheduler has no context", e);
                }
                gate.open(clusteredScheduler);
            }
        };
    }

    private static boolean postgres(DataSource dataSource) {
        try {
            String product = JdbcUtils.extractDatabaseMetaData(dataSource,
                    md -> md.getDatabaseProductName());
            return product != null && product.toLowerCase().contains("postgres");
        } catch (Exception e) {
            throw new IllegalStateException("cannot tell which database the scheduler's job store is on", e);
        }
    }
}
