package io.synchub.platform.shopify;

import io.synchub.canonical.CanonicalJson;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ShopifyCostBudgetTest {

    private static com.fasterxml.jackson.databind.JsonNode answer(int maximum, int available, int restore) {
        return CanonicalJson.parse("{\"data\":{},\"extensions\":{\"cost\":{\"requestedQueryCost\":20,\"throttleStatus\":"
                + "{\"maximumAvailable\":" + maximum + ",\"currentlyAvailable\":" + available + ",\"restoreRate\":" + restore + "}}}}");
    }

    @Test
    void beforeAnyAnswerOnlyTheSingleQueryMaximumAndTheCapBound() {
        ShopifyCostBudget budget = new ShopifyCostBudget();
        assertThat(budget.affordableItems(20, 25, Duration.ZERO)).isEqualTo(25);
        assertThat(budget.affordableItems(20, 80, Duration.ZERO)).as("1,000 points / 20").isEqualTo(50);
    }

    @Test
    void aBatchNeverAsksMoreThanTheBucketHeldAtTheLastAnswerPlusWhatItRestoredSince() throws Exception {
        ShopifyCostBudget budget = new ShopifyCostBudget();
        budget.observe(answer(1000, 45, 0));
        assertThat(budget.affordableItems(20, 25, Duration.ZERO)).isEqualTo(2);
        budget.observe(answer(1000, 5, 0));
        assertThat(budget.affordableItems(20, 25, Duration.ZERO)).as("at least one item, when nothing says how fast the bucket refills").isEqualTo(1);
        budget.observe(answer(100, 100, 0));
        assertThat(budget.affordableItems(20, 25, Duration.ZERO)).as("a small bucket").isEqualTo(5);
        budget.observe(answer(1000, 0, 1000));
        Thread.sleep(120);
        assertThat(budget.affordableItems(20, 25, Duration.ZERO)).as("restored at 1,000 points/s for at least 120 ms").isGreaterThanOrEqualTo(6);
    }

    @Test
    void whenTheBucketHoldsLessThanOneItemItWaitsForTheRefill() {
        ShopifyCostBudget budget = new ShopifyCostBudget();
        budget.observe(answer(1000, 0, 100));
        long t0 = System.nanoTime();
        assertThat(budget.affordableItems(20, 25, Duration.ZERO)).isEqualTo(1);
        assertThat((System.nanoTime() - t0) / 1_000_000).as("20 points at 100 points/s").isGreaterThanOrEqualTo(195);
    }

    @Test
    void anEmptyBucketIsWaitedOnUntilItHoldsWhatOneRequestSpacingRestores() {
        ShopifyCostBudget budget = new ShopifyCostBudget();
        budget.observe(answer(1000, 0, 100));
        long t0 = System.nanoTime();
        assertThat(budget.affordableItems(20, 25, Duration.ofMillis(500))).as("100 points/s x 500 ms = 50 points = 2 items")
                .isEqualTo(2);
        assertThat((System.nanoTime() - t0) / 1_000_000).as("40 points at 100 points/s").isGreaterThanOrEqualTo(395);
    }

    @Test
    void anAnswerWithoutAThrottleStatusChangesNothing() {
        ShopifyCostBudget budget = new ShopifyCostBudget();
        budget.observe(answer(1000, 40, 0));
        budget.observe(CanonicalJson.parse("{\"errors\":[{\"message\":\"boom\"}]}"));
        budget.observe(null);
        assertThat(budget.affordableItems(20, 25, Duration.ZERO)).isEqualTo(2);
    }
}
