package io.synchub.orders.events;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synchub.api.ApiException;
import io.synchub.api.ErrorBody;
import io.synchub.api.Tenants;
import io.synchub.canonical.CanonicalJson;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The order-event stream for dashboards: Server-Sent Events and its polling fallback, with the same ids and filters.
 * A Spring MVC controller because Camel has no SSE component; the API-key filter protects it like all of /api/.
 */
@RestController
public class OrderEventStreamController {

    private static final int POLL_MAX = 500;

    private final OrderEventBroadcaster broadcaster;
    private final OrderEventLog log;
    private final PollRateLimiter limiter;
    private final EventTypes types;
    private final PublishedEvents published;
    private final int maxPublishBytes;

    public OrderEventStreamController(OrderEventBroadcaster broadcaster, OrderEventLog log, PollRateLimiter limiter, EventTypes types,
                                      PublishedEvents published,
                                      @org.springframework.beans.factory.annotation.Value("${synchub.events.max-body-bytes:16384}") int maxPublishBytes) {
        this.broadcaster = broadcaster;
        this.types = types;
        this.published = published;
        this.maxPublishBytes = maxPublishBytes;
        this.log = log;
        this.limiter = limiter;
    }

    /** {@code Last-Event-ID} (what EventSource sends on reconnect) wins over {@code ?lastEventId=}. */
    @GetMapping(path = "/api/v1/sync/events")
    public SseEmitter stream(@RequestParam(name = "orderID", required = false) String orderId,
                             @RequestParam(name = "eventTypes", required = false) String eventTypes,
                             @RequestParam(name = "tenantId", required = false) String tenantId,
                             @RequestParam(name = "bayId", required = false) String bayId,
                             HttpServletRequest request,
                             @RequestParam(name = "lastEventId", required = false) String lastEventIdParam,
                             @RequestHeader(name = "Last-Event-ID", required = false) String lastEventIdHeader) {
        OrderEventFilter filter = OrderEventFilter.of(orderId, eventTypes, tenantId, bayId, Tenants.bound(request), types);
        String given = lastEventIdHeader != null && !lastEventIdHeader.isBlank() ? lastEventIdHeader : lastEventIdParam;
        return broadcaster.subscribe(filter, eventId("Last-Event-ID / lastEventId", given), keyOf(request));
    }

    /**
     * Publishes an event of a configured type (201 with the stored event and its id). The body is read up to
     * {@code synchub.events.max-body-bytes}; a larger one is 413 and nothing is stored.
     */
    @PostMapping(path = "/api/v1/sync/events", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<String> publish(HttpServletRequest request) throws java.io.IOException {
        byte[] body = request.getInputStream().readNBytes(maxPublishBytes + 1);
        if (body.length > maxPublishBytes) {
            throw new ApiException(413, "payload_too_large", "an event body may be at most " + maxPublishBytes
                    + " bytes (synchub.events.max-body-bytes)");
        }
        OrderEvent e = published.publish(new String(body, StandardCharsets.UTF_8), Tenants.bound(request));
        return ResponseEntity.status(201).contentType(MediaType.APPLICATION_JSON).body(CanonicalJson.write(e.withId()));
    }

    /**
     * Polling: events after {@code since} (an event id), oldest first, at most 500 per call ({@code hasMore} says
     * when to call again at once). Without {@code since} it answers only the current position to start from.
     */
    @GetMapping(path = "/api/v1/sync/events/poll", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<String> poll(@RequestParam(name = "since", required = false) String since,
                                       @RequestParam(name = "orderID", required = false) String orderId,
                                       @RequestParam(name = "eventTypes", required = false) String eventTypes,
                                       @RequestParam(name = "tenantId", required = false) String tenantId,
                                       @RequestParam(name = "bayId", required = false) String bayId,
                                       @RequestParam(name = "limit", required = false) String limit,
                                       HttpServletRequest request) {
        long wait = limiter.acquire(clientOf(request));
        if (wait > 0) {
            return ResponseEntity.status(429).header(HttpHeaders.RETRY_AFTER, Long.toString(wait))
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(ErrorBody.json("rate_limited", "too many polls from this client; wait " + wait
                            + " s (Retry-After) or use the event stream /api/v1/sync/events"));
        }
        OrderEventFilter filter = OrderEventFilter.of(orderId, eventTypes, tenantId, bayId, Tenants.bound(request), types);
        Long after = eventId("since", since);
        int max = limit == null || limit.isBlank() ? POLL_MAX : io.synchub.api.Paging.of(limit, "0").limit();
        ObjectNode out = CanonicalJson.object();
        ArrayNode items = out.putArray("items");
        long current = log.lastId();
        boolean hasMore = false;
        long cursor = current;
        if (after != null && log.needsRefresh(after)) {
            items.add(CanonicalJson.parse(OrderEventBroadcaster.control(OrderEventType.POLLING_DATA_REFRESH, CanonicalJson.object()
                    .put("reason", "events after id " + after + " are older than the retention of " + log.retention()
                            + " or no longer stored; reload the orders you show and poll on with since=" + current)
                    .put("lastEventId", current))));
        } else if (after != null) {
            List<OrderEvent> events = log.after(after, filter, max + 1);
            hasMore = events.size() > max;
            if (hasMore) {
                events = events.subList(0, max);
                cursor = events.get(events.size() - 1).id();
            }
            events.forEach(e -> items.add(e.withId()));
        }
        out.put("lastEventId", cursor);
        out.put("hasMore", hasMore);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(CanonicalJson.write(out));
    }

    /** Written directly, so an EventSource's {@code Accept: text/event-stream} still gets the JSON error contract. */
    @ExceptionHandler(ApiException.class)
    public void apiError(ApiException e, jakarta.servlet.http.HttpServletResponse response) throws java.io.IOException {
        response.setStatus(e.status());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write(ErrorBody.json(e.code(), e.getMessage()).getBytes(StandardCharsets.UTF_8));
    }

    private static Long eventId(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long id = Long.parseLong(value.trim());
            if (id < 0) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("'" + name + "' must be an event id (a whole number ≥ 0) as sent in the events' id, got '"
                    + value + "'");
        }
    }

    /** A polling client: its API key (hashed, never kept in clear) and its address. */
    private static String clientOf(HttpServletRequest request) {
        return keyOf(request) + "@" + request.getRemoteAddr();
    }

    /** The client's API key, hashed (never kept in clear). */
    private static String keyOf(HttpServletRequest request) {
        String key = request.getHeader("X-API-Key");
        if (key == null) {
            key = request.getParameter("token");
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(String.valueOf(key).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
