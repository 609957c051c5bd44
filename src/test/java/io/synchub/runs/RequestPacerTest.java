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
}
