package io.synchub.operator;

import io.synchub.support.HubTestSupport;

import io.synchub.outbound.OutboundTestSupport;
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

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
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

    private WebDriver browser;
    private WebDriverWait wait;
    private Path profile;

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

    private WebElement button(String accessibleName) {
        return wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button[aria-label='" + accessibleName + "']")));
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
        WebElement shown = wait.until(ExpectedConditions.visibilityOfElementLocated(row));
        assertThat(shown.getText()).contains("console-session").contains("2 × CONSOLE-HOLD-1");
        button("Release hold " + holdId).click();
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
        WebElement shown = wait.until(ExpectedConditions.visibilityOfElementLocated(row));
        assertThat(shown.getText()).contains("Local name").contains("Remote name");
        button("Take remote value for conflict " + conflict).click();
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

        button("Show payload of dead letter " + dl).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("dead-letter-detail-payload"), "\"netSalesPrice\": 6"));
        assertThat(browser.findElement(By.id("dead-letter-detail-error")).getText()).contains("server");
        button("Replay dead letter " + dl).click();
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
        WebElement entry = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#timeline-table tbody tr[data-action]")));
        assertThat(entry.getText()).contains("netSalesPrice");
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
        button("Preview mapping of delivery " + delivery).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#preview-table tbody tr[data-decision='create']")));
        assertThat(browser.findElements(By.cssSelector("#preview-table tbody tr"))).hasSize(2);
        assertThat(browser.findElement(By.id("preview-mapped")).getText()).contains("Example T-Shirt");
        assertThat(browser.findElement(By.id("message")).getText()).contains("nothing was stored");
        assertThat(count("SELECT COUNT(*) FROM products")).isZero();
        assertThat(jdbc.queryForObject("SELECT status FROM inbox WHERE id = ?", String.class, delivery)).isEqualTo("FAILED");
    }
}
