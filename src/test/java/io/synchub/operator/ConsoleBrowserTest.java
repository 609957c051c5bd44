package io.synchub.operator;

import io.synchub.support.HubTestSupport;

import com.fasterxml.jackson.databind.JsonNode;
import io.platformsim.ploomes.PloomesConfig;
import io.platformsim.ploomes.PloomesSimulator;
import io.synchub.outbound.OutboundTestSupport;
import io.synchub.runs.SyncRunner;
import io.synchub.support.HubClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator console in a real headless Chromium: log in, resolve a conflict, replay a dead letter until it is
 * delivered, open a product's timeline, preview a mapping against a recorded delivery. Skipped only when Chromium is
 * not installed on this machine ({@code .ci/run} installs it).
 */
@org.springframework.test.context.TestPropertySource(properties = "synchub.operator.password=" + HubTestSupport.OPERATOR_PASSWORD)
class ConsoleBrowserTest extends OutboundTestSupport {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String WOO_PRODUCT = "/wp-json/wc/v3/products/799";

    /** A small Ploomes catalogue, so the console's run log has real runs of a configured source to show. */
    private static final PloomesSimulator PLOOMES = new PloomesSimulator(PloomesConfig.defaults().withRequestsPerMinute(0, 0), 24, 17)
            .start();

    private WebDriver browser;
    private WebDriverWait wait;
    private Path profile;

    @Autowired
    private SyncRunner runner;

    @DynamicPropertySource
    static void ploomes(DynamicPropertyRegistry r) {
        io.synchub.ploomes.PloomesTestSupport.pointHubAt(PLOOMES, r);
    }

    @BeforeEach
    void startBrowser() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Chromium is not installed (/usr/bin/chromium, /usr/bin/chromedriver): the console's browser tests are skipped. "
                        + "Install with: apt-get install -y chromium chromium-driver");
        profile = Files.createTempDirectory("synchub-console-browser");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1400,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        // the console re-renders its tables on every live update: an element found a moment ago may be replaced
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    }

    @AfterEach
    void stopBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    private void logIn() {
        browser.get("http://localhost:" + port + "/console");
        WebElement password = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-password")));
        browser.findElement(By.id("login-user")).clear();
        browser.findElement(By.id("login-user")).sendKeys("operator");
        password.sendKeys(OPERATOR_PASSWORD);
        browser.findElement(By.id("login-submit")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("app")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("live-status"), "Updated"));
    }

    /** The visible text of the element, read again when a live update replaced the element while it was read. */
    private String textOf(By element) {
        return wait.until(d -> {
            WebElement e = d.findElement(element);
            return e.isDisplayed() ? e.getText() : null;
        });
    }

    /** Clicks the button with this accessible name, finding it again when a live update replaced it before the click. */
    private void click(String accessibleName) {
        By button = By.cssSelector("button[aria-label='" + accessibleName + "']");
        wait.until(d -> {
            WebElement b = ExpectedConditions.elementToBeClickable(button).apply(d);
            if (b == null) {
                return false;
            }
            b.click();
            return true;
        });
    }

    @Test
    void anOperatorLogsInWithTheHawtioLoginAndSeesTheStatus() {
        jdbc.update("INSERT INTO poll_cursors (name, cursor_value, updated_at) VALUES ('jtl-stock-updates', ?, CURRENT_TIMESTAMP)",
                java.time.Instant.now().minusSeconds(60).toString());
        browser.get("http://localhost:" + port + "/console");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-password"))).sendKeys("wrong");
        browser.findElement(By.id("login-submit")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-error"), "Wrong user or password"));
        assertThat(browser.findElement(By.id("app")).isDisplayed()).isFalse();

        logIn();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status-counts"), "Open dead letters"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tr[data-poller='jtl-stock-updates']")));
        assertThat(browser.findElement(By.id("status-title")).getText()).isEqualTo("Sync status");
        assertThat(browser.findElement(By.id("login")).isDisplayed()).isFalse();
    }

    @Test
    void releasingAHoldFromTheConsoleFreesItsUnits() {
        assertThat(hub.post("/api/v1/products", "{\"sku\":\"CONSOLE-HOLD-1\",\"name\":\"Held shirt\",\"available\":3}").status())
                .isEqualTo(201);
        HubClient.Response created = hub.post("/api/v1/holds",
                "{\"items\":[{\"sku\":\"CONSOLE-HOLD-1\",\"quantity\":2}],\"sessionId\":\"console-session\",\"customerId\":\"c-9\"}");
        assertThat(created.status()).isEqualTo(201);
        String holdId = created.json().get("holdId").asText();
        assertThat(hub.get("/api/v1/availability?skus=CONSOLE-HOLD-1").json().get("items").get(0).get("available").asLong()).isEqualTo(1);
        logIn();

        By row = By.cssSelector("tr[data-hold-id='" + holdId + "']");
        assertThat(textOf(row)).contains("console-session").contains("2 × CONSOLE-HOLD-1");
        click("Release hold " + holdId);
        wait.until(ExpectedConditions.invisibilityOfElementLocated(row));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "Hold " + holdId + " released."));
        assertThat(hub.get("/api/v1/holds/" + holdId).json().get("status").asText()).isEqualTo("released");
        assertThat(hub.get("/api/v1/availability?skus=CONSOLE-HOLD-1").json().get("items").get(0).get("available").asLong()).isEqualTo(3);
    }

    @Test
    void resolvingAConflictTakesItOffTheList() {
        long product = seedProduct(null, "{\"name\":\"Local name\"}");
        jdbc.update("INSERT INTO conflicts (product_id, field, field_group, local_value, local_origin, local_at, remote_value, remote_origin, "
                + "remote_at, applied_origin, status, created_at) VALUES (?, 'name', 'content', '\"Local name\"', 'NOLIMITS', CURRENT_TIMESTAMP, "
                + "'\"Remote name\"', 'SHOPIFY', CURRENT_TIMESTAMP, 'NOLIMITS', 'CONFLICT', CURRENT_TIMESTAMP)", product);
        long conflict = jdbc.queryForObject("SELECT MAX(id) FROM conflicts", Long.class);
        logIn();

        By row = By.cssSelector("tr[data-conflict-id='" + conflict + "']");
        assertThat(textOf(row)).contains("Local name").contains("Remote name");
        click("Take remote value for conflict " + conflict);
        wait.until(ExpectedConditions.invisibilityOfElementLocated(row));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "resolved: accept_remote"));
        assertThat(jdbc.queryForObject("SELECT resolution FROM conflicts WHERE id = ?", String.class, conflict)).isEqualTo("accept_remote");
        assertThat(hub.get("/api/v1/products/" + product).json().get("name").asText()).isEqualTo("Remote name");
    }

    @Test
    void replayingADeadLetterDeliversIt() {
        long id = seedProduct("CB-1", "{\"sku\":\"CB-1\",\"name\":\"Mug\",\"netSalesPrice\":5}", "WOOCOMMERCE:799:799");
        WOO.stubFor(put(urlEqualTo(WOO_PRODUCT)).willReturn(status(503)));
        hub.patch("/api/v1/products/" + id, "{\"netSalesPrice\": 6}");
        HubClient.await(Duration.ofSeconds(15), "a dead letter", () -> count("SELECT COUNT(*) FROM dead_letters") == 1);
        long dl = jdbc.queryForObject("SELECT id FROM dead_letters", Long.class);
        WOO.resetAll();
        WOO.stubFor(put(urlEqualTo(WOO_PRODUCT)).willReturn(okJson("{\"id\":799}")));
        logIn();

        click("Show payload of dead letter " + dl);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("dead-letter-detail-payload"), "\"netSalesPrice\": 6"));
        assertThat(browser.findElement(By.id("dead-letter-detail-error")).getText()).contains("server");
        click("Replay dead letter " + dl);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("li[data-replay-id='" + dl + "'][data-state='delivered']")));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("tr[data-dead-letter-id='" + dl + "']")));
        WOO.verify(1, putRequestedFor(urlEqualTo(WOO_PRODUCT)));
        assertThat(jdbc.queryForObject("SELECT status FROM dead_letters WHERE id = ?", String.class, dl)).isEqualTo("REPLAYED");
    }

    @Test
    void aProductsTimelineShowsEveryDecision() {
        long id = seedProduct(null, "{\"name\":\"Lamp\",\"netSalesPrice\":10}");
        hub.patch("/api/v1/products/" + id, "{\"netSalesPrice\": 12}");
        logIn();

        browser.findElement(By.id("timeline-product")).sendKeys(String.valueOf(id));
        browser.findElement(By.id("timeline-submit")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("timeline-product-title"), "Product " + id));
        assertThat(textOf(By.cssSelector("#timeline-table tbody tr[data-action]"))).contains("netSalesPrice");
        assertThat(browser.findElement(By.id("timeline-product-summary")).getText()).contains("Sync status");
    }

    @Test
    void aMappingIsPreviewedAgainstARecordedDeliveryWithoutStoringIt() {
        String body = new String(HubClient.fixture("shopify/products_update.json"), StandardCharsets.UTF_8);
        jdbc.update("INSERT INTO inbox (platform, client_id, topic, delivery_key, headers, body, status, attempts, next_attempt_at, "
                + "last_error, received_at) VALUES ('SHOPIFY', 'default', 'products/update', 'cb-preview-1', '{}', ?, 'FAILED', 10, "
                + "CURRENT_TIMESTAMP, 'IllegalStateException: the store was down', CURRENT_TIMESTAMP)", body);
        long delivery = jdbc.queryForObject("SELECT id FROM inbox WHERE delivery_key = 'cb-preview-1'", Long.class);
        logIn();

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("inbox-table"), "the store was down"));
        click("Preview mapping of delivery " + delivery);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#preview-table tbody tr[data-decision='create']")));
        assertThat(readInPage("return Array.from(document.querySelectorAll('#preview-table tbody tr')).map(tr => tr.innerText);")).hasSize(2);
        assertThat(browser.findElement(By.id("preview-mapped")).getText()).contains("Example T-Shirt");
        assertThat(browser.findElement(By.id("message")).getText()).contains("nothing was stored");
        assertThat(count("SELECT COUNT(*) FROM products")).isZero();
        assertThat(jdbc.queryForObject("SELECT status FROM inbox WHERE id = ?", String.class, delivery)).isEqualTo("FAILED");
    }

    /** Starts a Ploomes sync through the API and waits for the run to end; returns it as the API lists it. */
    private JsonNode syncPloomes(String body) throws InterruptedException {
        return io.synchub.ploomes.PloomesTestSupport.sync(hub, runner, body, 60_000);
    }

    /** The cells of a run's row, as the browser shows them. */
    /**
     * The console re-renders its tables on every live update, so elements found a moment ago can be gone: texts are
     * read in the page in one script, one consistent rendering.
     */
    @SuppressWarnings("unchecked")
    private List<String> readInPage(String script) {
        return (List<String>) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(script);
    }

    private List<String> runIdsShown() {
        return readInPage("return Array.from(document.querySelectorAll('#runs-table tbody tr')).map(tr => tr.getAttribute('data-run'));");
    }

    private List<String> runCells(long runId) {
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#runs-table tr[data-run='" + runId + "']")));
        return readInPage("return Array.from(document.querySelectorAll(\"#runs-table tr[data-run='" + runId + "'] td\"))"
                + ".map(td => td.innerText.trim());");
    }

    /** The hit rates the console should show, read from the API the page reads ("Cache products hit rate" → "50 %"). */
    private List<String> cacheRatesFromApi() {
        JsonNode cache = hub.get("/api/sync/products/status").json().get("cache");
        List<String> out = new ArrayList<>();
        cache.fields().forEachRemaining(e -> out.add("Cache " + e.getKey() + " hit rate " + BigDecimal.valueOf(
                Math.round(e.getValue().get("hitRate").asDouble() * 1000) / 10.0).stripTrailingZeros().toPlainString() + " %"));
        return out;
    }

    private List<String> cacheRatesShown() {
        return readInPage("return Array.from(document.querySelectorAll('#cache-counts > div'))"
                + ".map(d => (d.querySelector('dt') || {innerText: ''}).innerText.trim() + ' ' + (d.querySelector('dd') || {innerText: ''}).innerText.trim());");
    }

    @Test
    void theStatusListsTheNewestSyncRunsWithWhyEachStrategyWasChosenAndTheCacheHitRates() throws InterruptedException {
        JsonNode first = syncPloomes("{\"strategy\":\"auto\"}");
        JsonNode second = syncPloomes("{\"strategy\":\"auto\"}");
        assertThat(first.get("status").asText()).isEqualTo("succeeded");
        assertThat(second.get("status").asText()).isEqualTo("succeeded");
        // the same search twice: the second is answered by the cache, so a hit rate above zero is shown
        hub.get("/api/sync/products/search?q=a");
        hub.get("/api/sync/products/search?q=a");
        logIn();

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("runs-table")));
        assertThat(runIdsShown()).as("one row per run, newest first").containsExactly(second.get("id").asText(), first.get("id").asText());

        // columns: run, source, strategy, why, status, fetched, created / updated / unchanged / failed, started, records/s
        List<String> firstCells = runCells(first.get("id").asLong());
        assertThat(firstCells.get(0)).isEqualTo(first.get("id").asText());
        assertThat(firstCells.get(1)).isEqualTo(first.get("source").asText());
        assertThat(firstCells.get(2)).as("nothing to continue from: a full pull").isEqualTo("full");
        assertThat(firstCells.get(3)).isEqualTo("no earlier successful run: nothing to continue from");
        assertThat(firstCells.get(4)).isEqualTo("succeeded");
        assertThat(firstCells.get(5)).isEqualTo(first.get("fetched").asText()).isEqualTo(String.valueOf(PLOOMES.productCount()));
        assertThat(firstCells.get(6)).isEqualTo(PLOOMES.productCount() + " / 0 / 0 / 0");
        assertThat(firstCells.get(7)).isEqualTo(first.get("startedAt").asText());

        List<String> secondCells = runCells(second.get("id").asLong());
        assertThat(secondCells.get(2)).as("a recent success: changes since the cursor").isEqualTo("incremental");
        assertThat(secondCells.get(3)).startsWith("the last successful run finished 0 min ago, within the")
                .endsWith("window: pull changes since the cursor");
        assertThat(secondCells.get(4)).isEqualTo("succeeded");

        // every cache with the hit rate the API reports (the page shows it as a percentage); the repeated search hit
        wait.until(d -> !cacheRatesShown().isEmpty() && cacheRatesShown().equals(cacheRatesFromApi()));
        assertThat(cacheRatesShown()).hasSize(hub.get("/api/sync/products/status").json().get("cache").size())
                .anySatisfy(rate -> assertThat(rate).doesNotEndWith(" 0 %"));
    }
}
