package io.platformsim.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The endpoints of one simulator: method + path template ({@code /products/{id}}) → handler. */
public final class Routes {

    private static final Pattern VARIABLE = Pattern.compile("\\{(\\w+)}");

    private final List<Route> routes = new ArrayList<>();

    public Routes add(String method, String template, SimHandler handler) {
        routes.add(new Route(method, compile(template), variables(template), handler));
        return this;
    }

    /** The handler for the request and its path variables; empty with {@code pathKnown} telling 405 from 404. */
    public Match match(String method, String path) {
        boolean pathKnown = false;
        for (Route r : routes) {
            Matcher m = r.pattern.matcher(path);
            if (!m.matches()) {
                continue;
            }
            pathKnown = true;
            if (r.method.equalsIgnoreCase(method)) {
                Map<String, String> vars = new LinkedHashMap<>();
                for (String v : r.variables) {
                    vars.put(v, m.group(v));
                }
                return new Match(Optional.of(r.handler), vars, true);
            }
        }
        return new Match(Optional.empty(), Map.of(), pathKnown);
    }

    private static Pattern compile(String template) {
        StringBuilder regex = new StringBuilder();
        Matcher m = VARIABLE.matcher(template);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start())));
            regex.append("(?<").append(m.group(1)).append(">[^/]+)");
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        return Pattern.compile(regex.toString());
    }

    private static List<String> variables(String template) {
        List<String> names = new ArrayList<>();
        Matcher m = VARIABLE.matcher(template);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private record Route(String method, Pattern pattern, List<String> variables, SimHandler handler) {
    }

    public record Match(Optional<SimHandler> handler, Map<String, String> pathParams, boolean pathKnown) {
    }
}
