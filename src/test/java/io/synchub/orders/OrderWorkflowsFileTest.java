package io.synchub.orders;

import io.synchub.orders.workflow.OrderWorkflowsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.Health;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The workflow file as shipped, and what a broken edit does: previous rules kept, health shows the error. */
class OrderWorkflowsFileTest {

    @TempDir
    Path dir;

    @Test
    void theShippedFileDeclaresEcommerceAndAxBilling() throws Exception {
        Files.copy(Path.of("mappings", "order-workflows.yaml"), dir.resolve("order-workflows.yaml"));
        var w = new OrderWorkflowsFile(dir.toString()).current();
        assertThat(w.named("ecommerce").initial()).isEqualTo("pending");
        assertThat(w.named("ecommerce").next("pending")).containsExactly("confirmed", "processing", "cancelled");
        assertThat(w.named("ax-billing").stages()).containsExactly("empty", "initiated", "in_progress", "completed", "cancelled");
        for (String open : new String[]{"empty", "initiated", "in_progress"}) {
            assertThat(w.named("ax-billing").next(open)).as("cancelled from any open stage").contains("cancelled");
        }
        assertThat(w.forOrder("AX_BILLING", "").name()).isEqualTo("ax-billing");
        assertThat(w.forOrder("SHOPIFY", "").name()).isEqualTo("ecommerce");
    }

    @Test
    void aBrokenEditKeepsThePreviousWorkflowsAndHealthShowsIt() throws Exception {
        Path file = dir.resolve("order-workflows.yaml");
        Files.copy(Path.of("mappings", "order-workflows.yaml"), file);
        OrderWorkflowsFile loaded = new OrderWorkflowsFile(dir.toString());
        assertThat(loaded.health().getDetails().get("valid")).isEqualTo(true);

        Files.writeString(file, Files.readString(file).replace("in_progress: [completed, cancelled]", "in_progress: [done]"));
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        Thread.sleep(1100);
        var w = loaded.current();
        assertThat(w.named("ax-billing").next("in_progress")).as("the previous rules").containsExactly("completed", "cancelled");
        Health h = loaded.health();
        assertThat(h.getDetails().get("valid")).isEqualTo(false);
        assertThat(String.valueOf(h.getDetails().get("error"))).contains("'in_progress' moves to 'done'");

        Files.writeString(file, Files.readString(file).replace("in_progress: [done]", "in_progress: [completed, cancelled, initiated]"));
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
        Thread.sleep(1100);
        assertThat(loaded.current().named("ax-billing").next("in_progress")).contains("initiated");
        assertThat(loaded.health().getDetails().get("valid")).isEqualTo(true);
    }

    @Test
    void aBrokenFileAtStartStopsTheStart() throws Exception {
        Files.writeString(dir.resolve("order-workflows.yaml"), "workflows:\n  x:\n    initial: nowhere\n    moves:\n      here: []\ndefault: x\n");
        assertThatThrownBy(() -> new OrderWorkflowsFile(dir.toString())).hasMessageContaining("'initial' must be one of its stages");
    }
}
