package io.synchub.http;

import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.catalina.core.StandardHost;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/** Limits on what a client may send (body sizes, read time, concurrent webhook reads) and may get echoed (nothing). */
@Configuration
public class RequestLimitsConfiguration {

    @Bean("webhookIntakeHealthIndicator")
    WebhookIntakeCapacity webhookIntakeCapacity(@Value("${synchub.webhook.max-concurrent-reads:16}") int slots) {
        return new WebhookIntakeCapacity(slots);
    }

    @Bean
    FilterRegistrationBean<BoundedRequestBodies> boundedRequestBodies(
            WebhookIntakeCapacity capacity,
            @Value("${synchub.webhook.max-body-bytes:1048576}") long webhookMaxBytes,
            @Value("${synchub.api.max-body-bytes:1048576}") long apiMaxBytes,
            @Value("${synchub.http.body-read-timeout:10s}") Duration readTimeout) {
        FilterRegistrationBean<BoundedRequestBodies> reg = new FilterRegistrationBean<>(
                new BoundedRequestBodies(capacity, webhookMaxBytes, apiMaxBytes, readTimeout));
        reg.addUrlPatterns("/webhooks/*", "/api/*");
        reg.setOrder(3);
        return reg;
    }

    /** Every platform-http and REST route answers with its own headers only. */
    @Bean
    ComponentCustomizer platformHttpResponseHeaders() {
        return ComponentCustomizer.builder(PlatformHttpComponent.class)
                .build(component -> component.setHeaderFilterStrategy(new ResponseHeaderPolicy()));
    }

    /** Tomcat's own error answers (before any filter runs) are JSON as well. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> jsonTomcatErrors() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(JsonErrorReportValve.class.getName());
            }
        });
    }
}
