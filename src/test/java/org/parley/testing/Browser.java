package org.parley.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by Selenium, with a fresh profile each time (Selenium Manager
 * cannot download drivers here, so the driver and browser paths are explicit).
 */
public final class Browser implements AutoCloseable {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(int width, int height) {
        this(width, height, null);
    }

    /** {@code language}: the browser's UI language and Accept-Language (e.g. "fr"); null keeps Chromium's default. */
    private Browser(int width, int height, String language) {
        try {
            profile = Files.createTempDirectory("parley-chromium");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=" + width + "," + height,
                "--autoplay-policy=no-user-gesture-required");
        if (language != null) {
            // --lang sets navigator.languages; the preference sets the Accept-Language header.
            options.addArguments("--lang=" + language);
            options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
        }
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    }

    public static Browser desktop() {
        return new Browser(1280, 900);
    }

    /** A desktop browser whose language is {@code language} (navigator.languages and Accept-Language). */
    public static Browser desktop(String language) {
        return new Browser(1280, 900, language);
    }

    /** A tablet in landscape-less portrait: 768 × 1024. */
    public static Browser tablet() {
        return new Browser(768, 1024);
    }

    /**
     * A phone: a 375 × 667 mobile screen (iPhone SE). Headless Chromium's windows are at least 500 px wide,
     * so the device metrics are set through DevTools, as a phone would report them.
     */
    public static Browser phone() {
        return phone(null);
    }

    /** A phone whose language is {@code language}. */
    public static Browser phone(String language) {
        Browser browser = new Browser(500, 800, language);
        browser.driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 375, "height", 667, "deviceScaleFactor", 2, "mobile", true));
        return browser;
    }

    public WebDriver driver() {
        return driver;
    }

    /** Lets downloads happen, into {@code dir} (headless Chromium refuses them otherwise). */
    public Browser allowDownloadsTo(Path dir) {
        driver.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow", "downloadPath", dir.toString()));
        return this;
    }

    public Browser open(String url) {
        driver.get(url);
        return this;
    }

    public <T> T waitFor(ExpectedCondition<T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(15)).until(condition);
    }

    public WebElement find(String css) {
        return waitFor(d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        });
    }

    /**
     * Waits (15 s) until {@code condition} holds, a re-render's stale element counting as not yet; on failure,
     * an assertion error that says {@code what}, described at that moment (e.g. with what is on screen).
     */
    public void await(Supplier<String> what, Supplier<Boolean> condition) {
        await(Duration.ofSeconds(15), what, condition);
    }

    /** As {@link #await(Supplier, Supplier)}, waiting {@code limit}: for what comes on a timer (a heartbeat). */
    public void await(Duration limit, Supplier<String> what, Supplier<Boolean> condition) {
        try {
            new WebDriverWait(driver, limit).until(d -> {
                try {
                    return Boolean.TRUE.equals(condition.get()) ? Boolean.TRUE : null;
                } catch (StaleElementReferenceException e) {
                    return null;
                }
            });
        } catch (TimeoutException e) {
            throw new AssertionError("not within " + limit.toSeconds() + " s: " + what.get());
        }
    }

    /** The first element matching {@code css} once displayed, or an assertion error that says what was missing. */
    public WebElement shown(String css, String what) {
        try {
            return find(css);
        } catch (TimeoutException e) {
            throw new AssertionError("not within 15 s: " + what + " (" + css + ")");
        }
    }

    public Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Runs axe-core (from web/node_modules) in the current frame; returns the serious and critical violations. */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> axeViolations() {
        Path axe = Path.of("web/node_modules/axe-core/axe.min.js");
        try {
            js(Files.readString(axe));
        } catch (IOException e) {
            throw new IllegalStateException("axe-core missing: run npm ci in web/", e);
        }
        Object result = ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations"
                        + ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
                        + ".map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' '))}))))"
                        + ".catch(e => done([{id: 'axe-error', help: String(e)}]));");
        return (List<Map<String, Object>>) result;
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp profile left behind is harmless
        }
    }
}
