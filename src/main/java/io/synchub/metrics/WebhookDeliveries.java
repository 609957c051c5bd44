package io.synchub.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.synchub.channel.Channel;
import io.synchub.channel.ChannelRegistry;
import org.springframework.stereotype.Component;

import java.util.Locale;

/**
 * {@code synchub_webhook_deliveries_total{platform,client,outcome}}: signed webhook deliveries written to the inbox
 * ({@code accepted}) or recognised as already there ({@code duplicate}), per platform and per client of the channel
 * whose secret verified them. The client is the channel's configured client id (the default channel's
 * {@code default}, or one from {@code mappings/channels.yaml}), never anything a request names, so the series stay as
 * few as the channels.
 */
@Component("webhookDeliveryCounts")
public class WebhookDeliveries {

    public static final String ACCEPTED = "accepted";
    public static final String DUPLICATE = "duplicate";

    private final CounterFamily deliveries;

    public WebhookDeliveries(MeterRegistry registry, ChannelRegistry channels) {
        this.deliveries = new CounterFamily(registry, "synchub_webhook_deliveries",
                "signed webhook deliveries by platform, client and outcome", "platform", "client", "outcome");
        for (Channel channel : channels.all()) {
            for (String outcome : new String[] {ACCEPTED, DUPLICATE}) {
                counter(channel.platform(), channel.clientId(), outcome);
            }
        }
    }

    /** One delivery of a verified channel's client, {@link #ACCEPTED} or {@link #DUPLICATE}. */
    public void record(String platform, String client, String outcome) {
        counter(platform, client, outcome).increment();
    }

    private Counter counter(String platform, String client, String outcome) {
        return deliveries.counter(platform.toUpperCase(Locale.ROOT), client, outcome);
    }
}
