package dev.tidings.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.Harness;
import dev.tidings.TestDatabase;
import dev.tidings.newsletter.Newsletter;
import dev.tidings.subscriber.Subscriber;
import jakarta.mail.internet.MimeMessage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The pages in a real browser (Debian's chromium, headless, through chromedriver): a visitor signs
 * up, confirms from the caught mail and later unsubscribes; an editor logs in, previews the next
 * edition, sends it and watches the progress reach the end. Screenshots of the main pages go to
 * {@code target/screenshots/}.
 */
@Tag("browser")
@Tag("mariadb")
class BrowserFlowTest {
  private static final String ADMIN = "editor@example.com";
  private static final String PASSWORD = "a long editor password";
  private static final int READERS = 25;
  private static final Path SHOTS = Path.of("target", "screenshots");

  private Harness harness;
  private WebDriver driver;
  private WebDriverWait wait;
  private String base;
  private Newsletter weekly;

  @BeforeEach
  void start() throws Exception {
    harness =
        Harness.start(
            TestDatabase.Kind.MARIADB,
            Map.of("TIDINGS_ADMIN_EMAIL", ADMIN, "TIDINGS_ADMIN_PASSWORD", PASSWORD));
    weekly = harness.newsletter("weekly");
    harness.newsletter("daily");
    harness.tidings.serve();
    base = "http://127.0.0.1:" + harness.tidings.httpPort();
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File("/usr/bin/chromedriver"))
            .usingAnyFreePort()
            .build();
    driver = new ChromeDriver(service, options);
    wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    Files.createDirectories(SHOTS);
  }

  @AfterEach
  void stop() throws Exception {
    try {
      if (driver != null) {
        driver.quit();
      }
    } finally {
      harness.close();
    }
  }

  @Test
  void visitor_signsUp_confirmsFromTheMail_andUnsubscribes() throws Exception {
    driver.get(base + "/subscribe");
    driver.findElement(By.id("sub-email")).sendKeys("grace@example.com");
    driver.findElement(By.id("sub-name")).sendKeys("Grace");
    driver.findElement(By.id("sub-nl-weekly")).click();
    shot("subscribe");
    driver.findElement(By.cssSelector("#subscribe-form button[type=submit]")).click();
    wait.until(ExpectedConditions.titleContains("Check your inbox"));
    shot("subscribe-sent");
    assertThat(harness.tidings.subscribers().byEmail("grace@example.com").status())
        .isEqualTo(Subscriber.Status.PENDING);

    assertThat(harness.smtp.waitForIncomingEmail(10_000, 1)).isTrue();
    MimeMessage confirmation = harness.smtp.getReceivedMessages()[0];
    driver.get(base + SignupTest.confirmPath(confirmation));
    shot("confirm");
    driver.findElement(By.id("confirm-button")).click();
    wait.until(ExpectedConditions.titleContains("You're subscribed"));
    shot("confirmed");
    Subscriber grace = harness.tidings.subscribers().byEmail("grace@example.com");
    assertThat(grace.status()).isEqualTo(Subscriber.Status.ACTIVE);

    driver.get(
        harness
            .tidings
            .links()
            .unsubscribe(grace.id(), weekly.id())
            .replaceFirst("^http://[^/]+", base));
    shot("unsubscribe");
    assertThat(driver.findElement(By.tagName("h1")).getText()).contains("Stop receiving");
    driver.findElement(By.cssSelector("button.button.danger:not(.outline)")).click();
    wait.until(ExpectedConditions.titleContains("Unsubscribed"));
    shot("unsubscribed");
    assertThat(harness.tidings.subscribers().subscriptions(grace.id()))
        .extracting(dev.tidings.subscriber.Subscription::status)
        .containsExactly("unsubscribed");

    driver.manage().window().setSize(new Dimension(390, 844));
    driver.get(base + "/subscribe");
    shot("subscribe-phone");
  }

  @Test
  void editor_logsIn_previews_sendsNow_andWatchesProgressToTheEnd() throws Exception {
    harness.bulkSubscribers(weekly, READERS);
    harness.article("Harbour reopens", "https://example.com/harbour", harness.clock.instant());
    harness.article("Trains on time", "https://example.com/trains", harness.clock.instant());

    driver.get(base + "/admin");
    wait.until(ExpectedConditions.titleContains("Log in"));
    shot("login");
    driver.findElement(By.id("login-email")).sendKeys(ADMIN);
    driver.findElement(By.id("login-password")).sendKeys(PASSWORD);
    driver.findElement(By.id("login-submit")).click();
    wait.until(ExpectedConditions.titleContains("Dashboard"));
    assertThat(driver.findElement(By.id("tile-active")).getText())
        .isEqualTo(String.valueOf(READERS));
    shot("dashboard");

    follow("Editions", "Editions");
    driver.findElement(By.id("preview-weekly")).click();
    wait.until(ExpectedConditions.titleContains("Preview"));
    assertThat(driver.findElement(By.id("preview-text")).getText()).contains("Harbour reopens");
    driver.switchTo().frame(driver.findElement(By.id("preview-desktop")));
    assertThat(driver.findElement(By.tagName("body")).getText()).contains("Trains on time");
    driver.switchTo().defaultContent();
    shot("preview");

    driver.findElement(By.id("send-now")).click();
    wait.until(ExpectedConditions.titleContains("Send"));
    assertThat(driver.getPageSource()).contains(READERS + "</strong> active subscriber(s)");
    shot("send-confirm");
    driver.findElement(By.id("send-confirm")).click();
    driver.findElement(By.id("send-confirmed")).click();
    wait.until(ExpectedConditions.titleContains("Edition"));
    new WebDriverWait(driver, Duration.ofSeconds(60))
        .until(ExpectedConditions.textToBe(By.id("p-status"), "sent"));
    assertThat(driver.findElement(By.id("p-sent")).getText()).isEqualTo(String.valueOf(READERS));
    assertThat(driver.findElement(By.id("p-queued")).getText()).isEqualTo("0");
    shot("edition-sent");

    MimeMessage[] received = harness.smtp.getReceivedMessages();
    assertThat(
            Arrays.stream(received)
                .filter(message -> subject(message).contains("The weekly digest"))
                .count())
        .isEqualTo(READERS);
    assertThat(driver.findElements(By.cssSelector("#delivery-log tbody tr"))).hasSize(READERS);

    follow("Articles", "Articles");
    shot("articles");
    driver.findElement(By.id("new-article")).click();
    shot("article-form");
    follow("Subscribers", "Subscribers");
    assertThat(driver.findElement(By.id("subscriber-list")).getText())
        .contains("reader0@example.org");
    shot("subscribers");
    follow("Newsletters", "Newsletters");
    driver.findElement(By.linkText("The weekly digest")).click();
    WebElement cron = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("nl-cron")));
    cron.clear();
    cron.sendKeys("15 7 * * 3");
    new WebDriverWait(driver, Duration.ofSeconds(10))
        .until(
            ExpectedConditions.textToBePresentInElementLocated(By.id("schedule-times"), "07:15"));
    assertThat(driver.findElement(By.id("schedule-times")).getText()).contains("Wed");
    shot("newsletter-form");
    try (dev.tidings.FeedServer feeds = new dev.tidings.FeedServer()) {
      feeds.serve(
          "/heise.atom",
          dev.tidings.FeedServer.Answer.file(
              Files.readAllBytes(dev.tidings.FeedCorpusSurvey.CORPUS.resolve("heise.atom")),
              "application/atom+xml",
              null));
      follow("Feeds", "Feeds");
      driver.findElement(By.id("feed-url")).sendKeys(feeds.url("/heise.atom"));
      driver.findElement(By.id("feed-add")).click();
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("feed-flash")));
      long feed = harness.tidings.feeds().all().get(0).id();
      driver.findElement(By.id("feed-poll-" + feed)).click();
      wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("feed-flash"), "Polled"));
      assertThat(driver.findElement(By.id("feed-list")).getText())
          .contains("heise developer", "older than the maximum age");
      shot("feeds");
    }
    follow("API tokens", "API tokens");
    driver.findElement(By.id("token-name")).sendKeys("Zapier");
    driver.findElement(By.id("token-create")).click();
    // A form post returns before the next page is there; wait for what only that page shows.
    WebElement token = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("new-token")));
    assertThat(token.getText()).startsWith("tid_");
    shot("tokens");
  }

  /** Clicks a link and waits for the page it leads to, so no lookup runs on the page left. */
  private void follow(String linkText, String title) {
    driver.findElement(By.linkText(linkText)).click();
    wait.until(ExpectedConditions.titleContains(title));
  }

  private static String subject(MimeMessage message) {
    try {
      return message.getSubject();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private void shot(String name) throws Exception {
    File file = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Files.copy(file.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }
}
