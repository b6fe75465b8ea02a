package dev.tidings.edition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.newsletter.Newsletter;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The digest HTML in a real browser (Debian's headless Chromium) at a desktop mail pane's 600 px
 * and a phone's 375 px, light and dark: nothing may stick out sideways. Screenshots go to {@code
 * target/screenshots/} for a person to look at.
 */
@Tag("browser")
class DigestBrowserTest {
  private static final Path SHOTS = Path.of("target", "screenshots");
  private static ChromeDriver browser;

  @BeforeAll
  static void startBrowser() throws Exception {
    Files.createDirectories(SHOTS);
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--hide-scrollbars");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File("/usr/bin/chromedriver"))
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, options);
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  private static EditionRenderer renderer() {
    return new EditionRenderer(
        new Templates(Path.of("templates"), Clock.systemUTC()),
        "Harbour Weekly Ltd · 1 Quay Street · Portsmouth PO1 2AB · United Kingdom");
  }

  private static Path page(String name, Newsletter newsletter, int articles) throws Exception {
    Path images = SHOTS.resolve("img").toAbsolutePath();
    String html =
        SampleDigest.html(renderer(), newsletter, SampleDigest.articles(articles, images));
    Path file = SHOTS.resolve(name + ".html").toAbsolutePath();
    Files.writeString(file, html, StandardCharsets.UTF_8);
    return file;
  }

  /** Loads {@code file} at {@code width} px, checks for overflow, and saves a full screenshot. */
  private static List<String> look(Path file, int width, boolean dark, String shot)
      throws Exception {
    browser.executeCdpCommand(
        "Emulation.setEmulatedMedia",
        Map.of(
            "features",
            List.of(Map.of("name", "prefers-color-scheme", "value", dark ? "dark" : "light"))));
    browser.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", 900, "deviceScaleFactor", 1, "mobile", width < 500));
    browser.get(file.toUri().toString());
    browser.executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "Promise.all([...document.images].map(i => i.complete ? 0"
            + " : new Promise(r => { i.onload = i.onerror = r; }))).then(() => done(0));");
    @SuppressWarnings("unchecked")
    List<String> overflow =
        (List<String>)
            browser.executeScript(
                "const width = document.documentElement.clientWidth; const bad = [];"
                    + "if (document.documentElement.scrollWidth > width)"
                    + "  bad.push('page is ' + document.documentElement.scrollWidth + ' px wide');"
                    + "for (const el of document.body.querySelectorAll('*')) {"
                    + "  const box = el.getBoundingClientRect();"
                    + "  if (box.width === 0 || getComputedStyle(el).display === 'inline') continue;"
                    + "  const name = el.tagName + '.' + el.className + ' '"
                    + "    + (el.textContent || '').trim().slice(0, 40);"
                    + "  if (box.right > width + 0.5 || box.left < -0.5)"
                    + "    bad.push(name + ' spans ' + box.left + '..' + box.right);"
                    + "  if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0)"
                    + "    bad.push(name + ' scrolls ' + el.scrollWidth + ' > ' + el.clientWidth);"
                    + "}"
                    + "return bad;");
    long height =
        ((Number) browser.executeScript("return document.documentElement.scrollHeight"))
            .longValue();
    browser.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", width < 500));
    Files.write(SHOTS.resolve(shot + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    return overflow;
  }

  @Test
  void defaultTemplate_fitsDesktopAndPhone_lightAndDark() throws Exception {
    Path logo = SampleDigest.logo(SHOTS.resolve("img").toAbsolutePath());
    Path file = page("default", SampleDigest.newsletter("default", logo.toUri().toString()), 6);
    for (int width : new int[] {600, 375}) {
      for (boolean dark : new boolean[] {false, true}) {
        String shot = "default-" + width + (dark ? "-dark" : "");
        assertThat(look(file, width, dark, shot)).as(shot).isEmpty();
      }
    }
    // The reader sees the dark background in dark mode, the light one otherwise.
    browser.executeCdpCommand(
        "Emulation.setEmulatedMedia",
        Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
    assertThat(
            browser.executeScript(
                "return getComputedStyle(document.querySelector('.tg-card')).backgroundColor"))
        .isEqualTo("rgb(26, 29, 35)");
  }

  @Test
  void shortenedEdition_andPlainTemplate_fitToo() throws Exception {
    EditionRenderer small =
        new EditionRenderer(
            new Templates(Path.of("templates"), Clock.systemUTC()), "1 Quay Street", 20_000);
    Newsletter newsletter = SampleDigest.newsletter("default", null);
    String html =
        SampleDigest.html(
            small, newsletter, SampleDigest.articles(12, SHOTS.resolve("img").toAbsolutePath()));
    assertThat(html).contains("Also in this edition");
    Path file = SHOTS.resolve("shortened.html").toAbsolutePath();
    Files.writeString(file, html, StandardCharsets.UTF_8);
    assertThat(look(file, 375, false, "shortened-375")).isEmpty();

    Path plain = page("plain", SampleDigest.newsletter("plain", null), 4);
    assertThat(look(plain, 600, false, "plain-600")).isEmpty();
    assertThat(look(plain, 375, true, "plain-375-dark")).isEmpty();
  }
}
