package io.synchub.config;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the settings an operator gives by environment variable before anything else starts (no database, no
 * routes, no threads): every property that application.yaml fills from a variable with a default
 * ({@code ${JTL_POLL_INTERVAL:2m}}) must have a value of the default's kind — a duration, a whole number, a number or
 * true/false. A bad one is reported in one line naming the variable, the bad value and an example of a good one, and
 * the process exits with status 2 (registered by {@code SyncHubApplication.main}).
 */
public final class ConfigurationCheck implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    /** {@code ${NAME:default}} as written in application.yaml. */
    private static final Pattern PLACEHOLDER = Pattern.compile("^\\$\\{([A-Z][A-Z0-9_]*):(.*)}$");
    private static final Pattern DURATION = Pattern.compile("^\\d+(ns|us|ms|s|m|h|d)$");
    private static final Pattern WHOLE = Pattern.compile("^-?\\d+$");
    private static final Pattern COUNTED = Pattern.compile("_(MS|PORT|BYTES|SIZE|ATTEMPTS|CALLS|CLIENTS|THREADS|QUEUE|BURST|WINDOW)$");
    private static final Pattern DECIMAL = Pattern.compile("^-?\\d+\\.\\d+$");

    enum Kind { DURATION, WHOLE_NUMBER, NUMBER, BOOLEAN }

    /** A property filled from an environment variable, with the kind its default has. */
    record Setting(String property, String variable, String example, Kind kind) {
    }

    private final Runnable exit;

    public ConfigurationCheck(Runnable exit) {
        this.exit = exit;
    }

    @Override
    public int getOrder() {
        // after the environment post-processors (application.yaml is loaded) and the logging system (order +20)
        return Ordered.HIGHEST_PRECEDENCE + 21;
    }

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        List<String> problems = problems(event.getEnvironment());
        if (!problems.isEmpty()) {
            problems.forEach(System.err::println);
            System.err.flush();
            exit.run();
        }
    }

    /** One line per bad value; empty when every setting is usable. */
    public static List<String> problems(ConfigurableEnvironment env) {
        List<String> out = new ArrayList<>();
        for (Setting s : settings(env).values()) {
            String value;
            try {
                value = env.getProperty(s.property());
            } catch (IllegalArgumentException e) {
                out.add("Configuration error: " + s.variable() + " (" + s.property() + ") cannot be resolved: " + e.getMessage());
                continue;
            }
            if (value == null || value.isBlank()) {
                continue;   // unset or empty: the feature's own default or "disabled" applies
            }
            String problem = check(s.kind(), value.trim());
            if (problem != null) {
                out.add("Configuration error: " + s.variable() + "='" + value + "' " + problem + "; for example "
                        + s.variable() + "=" + s.example() + " (property " + s.property() + ")");
            }
        }
        return out;
    }

    static String check(Kind kind, String value) {
        // an option given twice on the command line arrives comma-joined ("8081,9091"); Spring's conversion takes such
        // a value when each part is fine, so only a bad part is an error
        if (value.contains(",")) {
            for (String part : value.split(",")) {
                String problem = checkOne(kind, part.trim());
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        }
        return checkOne(kind, value);
    }

    private static String checkOne(Kind kind, String value) {
        switch (kind) {
            case DURATION -> {
                try {
                    DurationStyle.detectAndParse(value);
                    return null;
                } catch (IllegalArgumentException e) {
                    return "is not a duration (a number with ms, s, m, h or d)";
                }
            }
            case WHOLE_NUMBER -> {
                return WHOLE.matcher(value).matches() ? null : "is not a whole number";
            }
            case NUMBER -> {
                try {
                    Double.parseDouble(value);
                    return null;
                } catch (NumberFormatException e) {
                    return "is not a number";
                }
            }
            default -> {
                return value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false") ? null : "is neither true nor false";
            }
        }
    }

    /** The settings application.yaml (and its profile variants) takes from environment variables with a typed default. */
    static Map<String, Setting> settings(ConfigurableEnvironment env) {
        Map<String, Setting> out = new LinkedHashMap<>();
        for (PropertySource<?> source : env.getPropertySources()) {
            if (!(source instanceof EnumerablePropertySource<?> e) || !source.getName().contains("application")) {
                continue;
            }
            for (String name : e.getPropertyNames()) {
                Object raw = e.getProperty(name);
                Matcher m = raw == null ? null : PLACEHOLDER.matcher(raw.toString().trim());
                if (m == null || !m.matches() || out.containsKey(name)) {
                    continue;
                }
                Kind kind = kindOf(m.group(1), m.group(2).trim());
                if (kind != null) {
                    out.put(name, new Setting(name, m.group(1), m.group(2).trim(), kind));
                }
            }
        }
        return out;
    }

    private static Kind kindOf(String variable, String example) {
        if (DURATION.matcher(example).matches()) {
            return Kind.DURATION;
        }
        if (WHOLE.matcher(example).matches()) {
            // rates and percentages take fractions too; counts, sizes, ports and milliseconds do not
            return COUNTED.matcher(variable).find() ? Kind.WHOLE_NUMBER : Kind.NUMBER;
        }
        if (DECIMAL.matcher(example).matches()) {
            return Kind.NUMBER;
        }
        if (example.equals("true") || example.equals("false")) {
            return Kind.BOOLEAN;
        }
        return null;
    }
}
