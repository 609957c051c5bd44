package io.synchub.config;

import io.synchub.inbox.DeliveryDedupe;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.apache.camel.spring.spi.SpringTransactionPolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.Timestamp;

/** Beans the YAML routes refer to by name. */
@Configuration
public class CamelBeans {

    /**
     * Dedupe of webhook deliveries; joins the route's transaction so a key is stored only with its processing. A key is
     * added with one statement (an insert that does nothing when the key is there) instead of a count then an insert:
     * the drain pays it for every delivery, and a key a concurrent transaction is storing now waits for it instead of
     * failing that drain's whole batch on the primary key.
     */
    @Bean("webhookDeliveries")
    JdbcMessageIdRepository webhookDeliveries(DataSource dataSource, PlatformTransactionManager tx) {
        JdbcMessageIdRepository repo = new JdbcMessageIdRepository(dataSource, new TransactionTemplate(tx),
                DeliveryDedupe.PROCESSOR) {
            @Override
            public boolean add(String key) {
                return Boolean.TRUE.equals(getTransactionTemplate().execute(status -> getJdbcTemplate().update(
                        DeliveryDedupe.ADD_KEY, getProcessorName(), key, new Timestamp(System.currentTimeMillis())) == 1));
            }
        };
        repo.setCreateTableIfNotExists(false);
        return repo;
    }

    @Bean("PROPAGATION_REQUIRED")
    SpringTransactionPolicy propagationRequired(PlatformTransactionManager tx) {
        SpringTransactionPolicy policy = new SpringTransactionPolicy(tx);
        policy.setPropagationBehaviorName("PROPAGATION_REQUIRED");
        return policy;
    }
}
