package io.synchub.webhook;

import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.Predicate;
import org.apache.camel.support.ExpressionAdapter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.function.Function;

/**
 * The steps of the {@code receive-webhooks} route template as Camel expressions: each step names the one it runs
 * ({@code ref: webhookSignature}) and the route puts what it answers where the step says (header, variable, body).
 * A step reads the platform and the raw body from the variables the route set first ({@code platform},
 * {@code rawBody}) and what earlier steps answered (headers {@code clientId}, {@code topic}, {@code deliveryKey},
 * variables {@code resourceKey}, {@code inboxStatus}); routes/README.md lists them.
 * <p>
 * Why not {@code method:} calls with arguments: the bean language copies the exchange, parses the argument list and
 * runs the simple language for every argument, on every call; for the seven calls of a webhook that was a fifth of
 * the CPU of an accepted delivery, more than the commit (profile in docs/benchmarks-profiles.md).
 */
@Configuration(proxyBeanMethods = false)
public class WebhookSteps {

    /** The exact bytes received (413 beyond the limit). */
    @Bean
    public Expression webhookRawBody(WebhookIntake intake) {
        return step(intake::rawBody);
    }

    /** The client of the channel whose secret verifies the signature (401 otherwise). */
    @Bean
    public Expression webhookSignature(DeclaredWebhooks webhooks) {
        return step(e -> webhooks.verify(e, platform(e), rawBody(e)));
    }

    /** The delivery's topic (400 without the platform's topic header). */
    @Bean
    public Expression webhookTopic(DeclaredWebhooks webhooks) {
        return step(e -> webhooks.topic(e, platform(e)));
    }

    /** Whether the platform declares the topic (an undeclared one is answered "ignored"). */
    @Bean
    public Predicate webhookTopicDeclared(DeclaredWebhooks webhooks) {
        return step(e -> webhooks.handles(platform(e), header(e, "topic")));
    }

    /** The id of the resource the payload is about (400 unless a JSON object, 422 without a declared id field). */
    @Bean
    public Expression webhookResourceKey(DeclaredWebhooks webhooks) {
        return step(e -> webhooks.checkPayload(platform(e), header(e, "topic"), rawBody(e)));
    }

    /** (platform, client, topic, event id): what makes a repeated delivery a duplicate. */
    @Bean
    public Expression webhookDeliveryKey(DeclaredWebhooks webhooks) {
        return step(e -> webhooks.deliveryKey(e, platform(e), header(e, "clientId"), header(e, "topic"), rawBody(e)));
    }

    /** Writes the delivery to the inbox, committed before it answers "accepted" or "duplicate". */
    @Bean
    public Expression webhookInboxWrite(DeclaredWebhooks webhooks) {
        return step(e -> webhooks.accept(e, platform(e), header(e, "clientId"), header(e, "topic"), header(e, "deliveryKey"),
                e.getVariable("resourceKey", String.class), rawBody(e)));
    }

    /** The 200 answer {"status": the inboxStatus variable}. */
    @Bean
    public Expression webhookAnswer() {
        return step(e -> WebhookIntake.answer(e, e.getVariable("inboxStatus", String.class)));
    }

    private static String platform(Exchange e) {
        String platform = e.getVariable("platform", String.class);
        if (platform == null) {
            throw new IllegalStateException("the route sets the platform variable before its webhook steps");
        }
        return platform;
    }

    private static byte[] rawBody(Exchange e) {
        return e.getVariable("rawBody", byte[].class);
    }

    private static String header(Exchange e, String name) {
        return e.getMessage().getHeader(name, String.class);
    }

    private static ExpressionAdapter step(Function<Exchange, Object> step) {
        return new ExpressionAdapter() {
            @Override
            public Object evaluate(Exchange exchange) {
                return step.apply(exchange);
            }
        };
    }
}
