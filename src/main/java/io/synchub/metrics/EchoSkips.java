package io.synchub.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.synchub.platform.PlatformRegistry;
import org.springframework.stereotype.Component;

/** {@code synchub_echo_skips_total{platform}}: inbound items recognised as the hub's own push coming back. */
@Component
public class EchoSkips {

    private final MeterRegistry registry;

    public EchoSkips(MeterRegistry registry, PlatformRegistry platforms) {
        this.registry = registry;
        for (String platform : BacklogMetrics.targets(platforms)) {
            counter(platform);
        }
    }

    public void record(String platform) {
        counter(platform).increment();
    }

    private Counter counter(String platform) {
        return Counter.builder("synchub_echo_skips").description("inbound items skipped as echoes of the hub's own pushes")
                .tag("platform", platform).register(registry);
    }
}
