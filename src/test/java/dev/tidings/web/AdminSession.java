package dev.tidings.web;

import dev.tidings.Harness;
import dev.tidings.TestDatabase;
import dev.tidings.newsletter.Newsletter;
import java.util.Map;

/**
 * An editor at work on the pages: one Tidings on H2 serving only its web side (no delivery workers,
 * no schedules, so every edition stays where a test puts it), with a newsletter "weekly" and its
 * first admin logged in through a {@link Browser}. Close it after each test.
 */
final class AdminSession implements AutoCloseable {
  static final String EMAIL = "admin@example.com";
  static final String PASSWORD = "correct horse battery";

  final Harness harness;
  final Browser browser;

  /** The CSRF token of the login, for every form the test posts. */
  final String csrf;

  final Newsletter weekly;

  private AdminSession(Harness harness, Browser browser, String csrf, Newsletter weekly) {
    this.harness = harness;
    this.browser = browser;
    this.csrf = csrf;
    this.weekly = weekly;
  }

  static AdminSession start() throws Exception {
    Harness harness =
        Harness.start(
            TestDatabase.Kind.H2,
            Map.of(
                "TIDINGS_ADMIN_EMAIL", EMAIL,
                "TIDINGS_ADMIN_PASSWORD", PASSWORD,
                "TIDINGS_SCHEDULER", "false"));
    try {
      Newsletter weekly = harness.newsletter("weekly");
      harness.tidings.serveWebOnly();
      Browser browser = new Browser("http://127.0.0.1:" + harness.tidings.httpPort());
      return new AdminSession(harness, browser, browser.login(EMAIL, PASSWORD), weekly);
    } catch (Exception | Error e) {
      harness.close();
      throw e;
    }
  }

  @Override
  public void close() throws Exception {
    harness.close();
  }
}
