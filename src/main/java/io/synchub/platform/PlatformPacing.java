package io.synchub.platform;

import io.synchub.runs.RequestPacer;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One request schedule per platform, shared by everything the hub sends it: the pushes (the connector's
 * {@code pace} step), the reconciliation pulls and the polls. A platform counts its limit over all of one client's
 * requests, so a pull and the pushes running beside it take turns within the one declared rate; each with a
 * schedule of its own sent the platform up to twice its rate, and the 429s came back. Turns are handed out in the
 * order they are asked for, so a long pull does not hold pushes back by more than the requests already waiting.
 * <p>
 * A platform that declares {@code pullRequestsPerSecond} limits its reads on their own: its pulls then keep a schedule
 * of their own at that rate. Every schedule spaces requests 2 % under the declared rate: a platform counts a limit at
 * its door, and a request sent exactly one interval after the previous one arrives a little early whenever the
 * previous one took longer to get there. A 429 on any request moves every later turn past its Retry-After.
 */
@Component("platformPacing")
public class PlatformPacing {

    private static final double PACE_UNDER_LIMIT = 0.98;

    private final PlatformRegistry platforms;
    private final Map<String, RequestPacer> schedules = new ConcurrentHashMap<>();

    public PlatformPacing(PlatformRegistry platforms) {
        this.platforms = platforms;
    }

    /** The schedule of the platform's pushes, which its pulls share unless it declares a pull rate of its own. */
    public RequestPacer forPushes(PlatformDeclaration platform) {
        return schedule(platform.id(), platform.requestsPerSecond());
    }

    /** The schedule of the platform's pulls and polls. */
    public RequestPacer forPulls(PlatformDeclaration platform) {
        return platform.declaresPullRate() ? schedule(platform.id() + " pulls", platform.pullRequestsPerSecond()) : forPushes(platform);
    }

    /** The connector's {@code pace} step: waits for the platform's next turn. */
    public void beforeRequest(String platformId) throws InterruptedException {
        forPushes(platforms.get(platformId)).acquire();
    }

    /** The time between two of the platform's pushes by its schedule (a second when it is unpaced). */
    public Duration spacing(String platformId) {
        double perSecond = forPushes(platforms.get(platformId)).perSecond();
        return perSecond == 0 ? Duration.ofSeconds(1) : Duration.ofNanos((long) (1e9 / perSecond));
    }

    /** The connector's {@code note-refusal} step: a 429 moves every later request to the platform past its Retry-After. */
    public void answered(Exchange exchange, String platformId) {
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (status != null && status == 429) {
            forPushes(platforms.get(platformId)).holdBack(RequestPacer.retryAfterMillis(exchange.getMessage().getHeader("Retry-After", String.class)));
        }
    }

    private RequestPacer schedule(String key, double declaredPerSecond) {
        double paced = declaredPerSecond * PACE_UNDER_LIMIT;
        return schedules.compute(key, (k, known) -> known != null && known.perSecond() == paced ? known : new RequestPacer(paced));
    }
}
