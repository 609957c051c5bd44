package io.synchub.config;

import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.apache.camel.spring.spi.SpringTransactionPolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;

/** Beans the YAML routes refer to by name. */
@Configuration
public class CamelBeans {

    /** Dedupe of webhook deliveries; joins the route's transaction so a key is stored only with its processing. */
    @Bean("webhookDeliveries")
    JdbcMessageIdRepository webhookDeliveries(DataSource dataSource, PlatformTransactionManager tx) {
        JdbcMessageIdRepository repo = new JdbcMessageIdRepository(dataSource, new TransactionTemplate(tx), "webhook-deliveries");
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
