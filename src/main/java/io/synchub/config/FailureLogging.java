package io.synchub.config;

import org.apache.camel.CamelContext;
import org.apache.camel.model.errorhandler.DefaultErrorHandlerDefinition;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A failed exchange is logged as one line (what failed and why), not with its stack trace and message history:
 * the flows log their own failures where they handle them, and one bad delivery must not write hundreds of lines.
 * Unexpected failures of HTTP routes keep their stack trace in the log under a reference (see ErrorBody).
 */
@Configuration
public class FailureLogging {

    @Bean
    CamelContextConfiguration oneLinePerFailure() {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
                camelContext.getCamelContextExtension().setErrorHandlerFactory(new DefaultErrorHandlerDefinition()
                        .logStackTrace(false).logExhaustedMessageHistory(false));
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
            }
        };
    }
}
