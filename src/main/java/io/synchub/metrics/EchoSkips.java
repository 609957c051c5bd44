package io.synchub.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.synchub.platform.PlatformRegistry;
import org.springframework.stereotype.Component;

/** {@code synchub_echo_skips_total{platform}}: inbound items recognised as the hub's own push coming back. */
@Component
public class EchoSkips {

    private final CounterFamily skips;

    public EchoSkips(MeterRegistry registry, PlatformRegistry platforms) {
        this.skips = new CounterFamily(registry, "synchub_echo_skips",
                "inbound items skipped as echoes of the hub's own pushes", "platform");
        for (String platform : BacklogMetrics.targets(platforms)) {
            counter(platform);
        }
    }

    public void record(String platform) {
        counter(platform).increment();
    }

    private Counter counter(String platform) {
        return skips.counter(platform);
    }
}
