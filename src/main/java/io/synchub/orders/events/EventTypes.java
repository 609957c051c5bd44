package io.synchub.orders.events;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The event types the stream carries: the hub's own (orders, queues, jobs, …) and the types other systems may publish
 * through {@code POST /api/v1/sync/events} ({@code synchub.events.publishable}, e.g. the billing app's WhatsApp and
 * QR status). A type name is lower-case letters, digits and underscores.
 */
@Component
public class EventTypes {

    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{1,39}");
    static final EventTypes BUILT_IN = new EventTypes("");

    private final Set<String> publishable;
    private final Set<String> all;

    public EventTypes(@Value("${synchub.events.publishable:whatsapp_connected,qr_generated}") String publishable) {
        Set<String> p = new TreeSet<>();
        for (String t : publishable.split(",")) {
            String name = t.trim();
            if (name.isEmpty()) {
                continue;
            }
            if (!NAME.matcher(name).matches() || OrderEventType.isControl(name)) {
                throw new IllegalStateException("synchub.events.publishable: '" + name
                        + "' is not a usable event type name (lower-case letters, digits, '_'; not a stream control type)");
            }
            p.add(name);
        }
        this.publishable = Collections.unmodifiableSet(p);
        Set<String> a = new TreeSet<>(p);
        OrderEventType.STORED.stream().map(OrderEventType::wire).forEach(a::add);
        this.all = Collections.unmodifiableSet(a);
    }

    /** Whether events of this type are stored (and can be filtered on). */
    public boolean stored(String type) {
        return all.contains(type);
    }

    public boolean publishable(String type) {
        return publishable.contains(type);
    }

    public Set<String> all() {
        return all;
    }

    public String publishableList() {
        return publishable.stream().collect(Collectors.joining(", "));
    }
}
