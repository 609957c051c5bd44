package io.synchub.platform.shopify;

import io.synchub.canonical.CanonicalJson;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ShopifyCostBudgetTest {

    private static com.fasterxml.jackson.databind.JsonNode answer(int maximum, int available, int restore) {
        return CanonicalJson.parse("{\"data\":{},\"extensions\":{\"cost\":{\"requestedQueryCost\":20,\"throttleStatus\":"
                + "{\"maximumAvailable\":" + maximum + ",\"currentlyAvailable\":" + available + ",\"restoreRate\":" + restore + "}}}}");
    }

    @Test
    void beforeAnyAnswerOnlyTheSingleQueryMaximumAndTheCapBound() {
        ShopifyCostBudget budget = new ShopifyCostBudget();
        assertThat(budget.affordableItems(20, 25)).isEqualTo(25);
        assertThat(budget.affordableItems(20, 80)).as("1,000 points / 20").isEqualTo(50);
    }

    @Test
    void aBatchNeverAsksMoreThanTheBucketHeldAtTheLastAnswerPlusWhatItRestoredSince() throws Exception {
        ShopifyCostBudget budget = new ShopifyCostBudget();
        budget.observe(answer(1000, 45, 0));
        assertThat(budget.affordableItems(20, 25)).isEqualTo(2);
        budget.observe(answer(1000, 5, 0));
        assertThat(budget.affordableItems(20, 25)).as("at least one item, which waits out the refill on its own").isEqualTo(1);
        budget.observe(answer(100, 100, 0));
        assertThat(budget.affordableItems(20, 25)).as("a small bucket").isEqualTo(5);
        budget.observe(answer(1000, 0, 1000));
        Thread.sleep(120);
        assertThat(budget.affordableItems(20, 25)).as("restored at 1,000 points/s for at least 120 ms").isGreaterThanOrEqualTo(6);
    }

    @Test
    void anAnswerWithoutAThrottleStatusChangesNothing() {
        ShopifyCostBudget budget = new ShopifyCostBudget();
        budget.observe(answer(1000, 40, 0));
        budget.observe(CanonicalJson.parse("{\"errors\":[{\"message\":\"boom\"}]}"));
        budget.observe(null);
        assertThat(budget.affordableItems(20, 25)).isEqualTo(2);
    }
}
