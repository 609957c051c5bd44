package io.synchub.search;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cached page corrected in place when a product joins or leaves its selection is exactly the page the query would
 * return then, for every position of the product, page size and offset; when it cannot be told it is dropped.
 */
class SearchPageCorrectionTest {

    private static ProductSearch.Ids page(TreeSet<Long> selection, int limit, int offset) {
        List<Long> all = new ArrayList<>(selection);
        return new ProductSearch.Ids(List.copyOf(all.subList(Math.min(offset, all.size()), Math.min(offset + limit, all.size()))),
                all.size());
    }

    @Test
    void aCorrectedPageEqualsTheQueryAfterTheChange() {
        Random random = new Random(11);
        int corrected = 0;
        int dropped = 0;
        for (int round = 0; round < 400; round++) {
            TreeSet<Long> selection = new TreeSet<>();
            int size = random.nextInt(25);
            while (selection.size() < size) {
                selection.add(1L + random.nextInt(40));
            }
            int limit = 1 + random.nextInt(6);
            int offset = random.nextInt(8) * (random.nextBoolean() ? 1 : limit);
            ProductSearch.Ids cached = page(selection, limit, offset);
            for (long p = 1; p <= 41; p++) {
                boolean joins = !selection.contains(p);
                TreeSet<Long> changed = new TreeSet<>(selection);
                if (joins) {
                    changed.add(p);
                } else {
                    changed.remove(p);
                }
                ProductSearch.Ids after = cached.after(p, joins, limit, offset);
                if (after == null) {
                    dropped++;
                } else {
                    assertThat(after).as("%s %s p=%d joins=%s limit=%d offset=%d", selection, cached, p, joins, limit, offset)
                            .isEqualTo(page(changed, limit, offset));
                    corrected++;
                }
            }
        }
        assertThat(corrected).as("most changes fall after a page or on the last one").isGreaterThan(dropped);
        assertThat(dropped).as("a page an id moves into from its neighbour is dropped").isPositive();
    }
}
