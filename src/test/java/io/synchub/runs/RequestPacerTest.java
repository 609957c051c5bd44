package io.synchub.runs;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestPacerTest {

    @Test
    void requestsAfterAPauseStillComeOneIntervalApart() throws InterruptedException {
        RequestPacer pacer = new RequestPacer(10); // one request per 100 ms
        pacer.acquire();
        // idle for half an interval longer than one: the slot after the first request lies in the past
        Thread.sleep(150);
        long askedForSecond = System.nanoTime();
        pacer.acquire();
        pacer.acquire();
        long third = System.nanoTime();
        // with a credit for the unused slot the second went at once and the third 50 ms later
        assertThat((third - askedForSecond) / 1_000_000).as("ms from asking for the second request to the third")
                .isGreaterThanOrEqualTo(100);
    }

    @Test
    void theFirstRequestsComeAtTheRateFromTheFirst() throws InterruptedException {
        RequestPacer pacer = new RequestPacer(20); // one request per 50 ms
        long t0 = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            pacer.acquire();
        }
        assertThat((System.nanoTime() - t0) / 1_000_000).as("five requests span four intervals").isGreaterThanOrEqualTo(200);
    }

    /** A 429 answered to one caller (a push) holds every later request (a pull's next page) past its Retry-After. */
    @Test
    void aRefusalHoldsBackEveryoneForItsWait() throws InterruptedException {
        RequestPacer pacer = new RequestPacer(50); // one request per 20 ms
        pacer.acquire();
        long refusedAt = System.nanoTime();
        pacer.holdBack(RequestPacer.retryAfterMillis("0.3"));
        pacer.acquire();
        assertThat((System.nanoTime() - refusedAt) / 1_000_000).as("ms until the next request may go").isGreaterThanOrEqualTo(300);
    }

    @Test
    void retryAfterIsReadInSecondsWithFractionsAndASafeSecondOtherwise() {
        assertThat(RequestPacer.retryAfterMillis("1.5")).isEqualTo(1500);
        assertThat(RequestPacer.retryAfterMillis("2")).isEqualTo(2000);
        assertThat(RequestPacer.retryAfterMillis(null)).isEqualTo(1000);
        assertThat(RequestPacer.retryAfterMillis("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(1000);
        assertThat(RequestPacer.retryAfterMillis("3600")).as("at most a minute").isEqualTo(60_000);
    }
}
