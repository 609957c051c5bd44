package io.synchub.ownership;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OwnershipRulesFileTest {

    @TempDir
    Path dir;

    @Test
    void anEditedFileIsReloadedAndABrokenEditKeepsTheLastGoodRules() throws Exception {
        Path file = dir.resolve("ownership.yaml");
        Files.copy(Path.of("mappings", "ownership.yaml"), file);
        OwnershipRulesFile rules = new OwnershipRulesFile(dir.toString(), "");
        assertThat(rules.rules().groupOf("default", "netSalesPrice")).map(FieldGroup::name).contains("commerce");

        String moved = Files.readString(file).replace("clients:\n", "clients:\n  moved:\n    fieldGroups:\n      vendor: ops\n");
        Files.writeString(file, moved);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        Thread.sleep(1100);
        assertThat(rules.rules().groupOf("moved", "vendor")).map(FieldGroup::name).contains("ops");

        Files.writeString(file, "groups: [this is: not valid");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
        Thread.sleep(1100);
        assertThat(rules.rules().groupOf("moved", "vendor")).map(FieldGroup::name).contains("ops");
    }

    @Test
    void aFieldInTwoGroupsIsRejectedWithTheNames() throws Exception {
        Path file = dir.resolve("ownership.yaml");
        Files.writeString(file, "groups:\n  a: {fields: [x], writers: [ALL]}\n  b: {fields: [x], writers: [ALL]}\n");
        assertThatThrownBy(() -> new OwnershipRulesFile(dir.toString(), ""))
                .hasMessageContaining("'x'").hasMessageContaining("'a'").hasMessageContaining("'b'");
    }

    @Test
    void theConflictWindowCanBeOverridden() {
        assertThat(new OwnershipRulesFile("mappings", "30s").rules().conflictWindow()).isEqualTo(Duration.ofSeconds(30));
        assertThat(new OwnershipRulesFile("mappings", "").rules().conflictWindow()).isEqualTo(Duration.ofMinutes(5));
    }
    @Test
    void aTypoInAWriterOrFieldIsRefusedNamingTheLineAndThePreviousRulesStay() throws Exception {
        Path file = dir.resolve("ownership.yaml");
        String good = Files.readString(Path.of("mappings", "ownership.yaml"));
        Files.writeString(file, good);
        OwnershipRulesFile rules = new OwnershipRulesFile(dir.toString(), "");
        assertThat(rules.problem()).isNull();

        Files.writeString(file, good.replace("    fields: [netSalesPrice, compareAtPrice, taxable, seoTitle",
                "    fields: [netSalesPrize, compareAtPrice, taxable, seoTitle"));
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        Thread.sleep(1100);
        assertThat(rules.rules().groupOf("default", "netSalesPrice")).map(FieldGroup::name).contains("commerce");
        int line = java.util.Arrays.asList(Files.readString(file).split("\n")).indexOf(
                Files.readString(file).lines().filter(l -> l.contains("netSalesPrize")).findFirst().orElseThrow()) + 1;
        assertThat(rules.problem()).contains("ownership.yaml line " + line + ": unknown field in group commerce 'netSalesPrize'");

        Files.writeString(file, good);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
        Thread.sleep(1100);
        rules.rules();
        assertThat(rules.problem()).isNull();
    }

    @Test
    void anUndeclaredPushTargetOrPreferredOriginIsRefusedAtStartUp() throws Exception {
        String good = Files.readString(Path.of("mappings", "ownership.yaml"));
        Files.writeString(dir.resolve("ownership.yaml"), good.replace("prefer: [SHOPIFY, WOOCOMMERCE]", "prefer: [SHOPIFY, WOO]"));
        assertThatThrownBy(() -> new OwnershipRulesFile(dir.toString(), ""))
                .hasMessageContaining("unknown preferred origin in group commerce 'WOO'").hasMessageContaining("line ");
    }
}
