package io.synchub.schedule;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.env.Environment;

/**
 * Camel properties function {@code millis}: {@code {{millis:synchub.jtl.poll-interval}}} (or
 * {@code {{millis:PLOOMES_SYNC_INTERVAL:6h}}} with a default) is that duration setting in milliseconds, as Quartz
 * trigger options need them. A bare number is milliseconds, as the timers took it.
 */
final class MillisFunction implements org.apache.camel.spi.PropertiesFunction {

    private final Environment env;

    MillisFunction(Environment env) {
        this.env = env;
    }

    @Override
    public String getName() {
        return "millis";
    }

    @Override
    public String apply(String remainder) {
        int colon = remainder.indexOf(':');
        String key = colon < 0 ? remainder : remainder.substring(0, colon);
        String value = colon < 0 ? env.getProperty(key) : env.getProperty(key, remainder.substring(colon + 1));
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("setting " + key + " is not set (needed by a schedule)");
        }
        return Long.toString(DurationStyle.detectAndParse(value.trim()).toMillis());
    }
}
