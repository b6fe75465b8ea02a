package dev.tidings.web;

import dev.tidings.Harness;
import dev.tidings.TestDatabase;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Measurements, not tests (the name keeps them out of the suite), of answer times that must not
 * tell one address from another, printed as {@code MEASURE} lines: {@code POST /subscribe} for
 * suppressed, known and new addresses (medians of 150 each, twice), and a wrong login for an editor
 * that exists and for an address that does not (medians of 15 each). Run them on demand:
 *
 * <pre>
 * mvn -o test -Dtest=TimingMeasurement -Dkind=MARIADB   # or H2
 * grep MEASURE target/surefire-reports/*TimingMeasurement*-output.txt
 * </pre>
 */
class TimingMeasurement {
  @Test
  void logins() throws Exception {
    try (Harness harness =
        Harness.start(
            TestDatabase.Kind.valueOf(System.getProperty("kind", "H2")),
            Map.of(
                "TIDINGS_ADMIN_EMAIL", "ed@example.com",
                "TIDINGS_ADMIN_PASSWORD", "correct horse battery",
                "TIDINGS_LOGIN_ATTEMPTS", "100"))) {
      harness.tidings.serve();
      Browser browser = new Browser("http://127.0.0.1:" + harness.tidings.httpPort());
      List<Double> known = new ArrayList<>();
      List<Double> unknown = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        known.add(login(browser, "ed@example.com"));
        unknown.add(login(browser, "nobody" + i + "@example.com"));
      }
      known.remove(0); // the first of each warms the JIT
      unknown.remove(0);
      System.out.printf(
          "MEASURE wrong login median ms: known editor %.1f, unknown address %.1f%n",
          median(known), median(unknown));
    }
  }

  private static double login(Browser browser, String email) throws Exception {
    String token = Browser.csrf(browser.get("/admin/login").body());
    long start = System.nanoTime();
    browser.post("/admin/login", "csrf", token, "email", email, "password", "not the password");
    return (System.nanoTime() - start) / 1e6;
  }

  @Test
  void signups() throws Exception {
    try (Harness harness =
        Harness.start(
            TestDatabase.Kind.valueOf(System.getProperty("kind", "H2")),
            Map.of("TIDINGS_SUBSCRIBE_PER_HOUR", "100000"))) {
      harness.newsletter("weekly");
      harness.tidings.serve();
      Browser browser = new Browser("http://127.0.0.1:" + harness.tidings.httpPort());
      for (int i = 0; i < 300; i++) {
        harness.tidings.subscribers().suppress("gone" + i + "@example.com", "manual", "test");
      }
      for (int i = 0; i < 300; i++) {
        harness.subscribers(
            harness.tidings.newsletters().bySlug("weekly"), "known" + i + "@example.com");
      }
      for (int round = 0; round < 2; round++) {
        List<Double> gone = new ArrayList<>(), known = new ArrayList<>(), fresh = new ArrayList<>();
        for (int i = round * 150; i < round * 150 + 150; i++) {
          gone.add(time(browser, "gone" + i + "@example.com"));
          known.add(time(browser, "known" + i + "@example.com"));
          fresh.add(time(browser, "new" + i + "@example.com"));
        }
        System.out.printf(
            "MEASURE round %d median ms: suppressed %.2f known %.2f new %.2f%n",
            round, median(gone), median(known), median(fresh));
      }
    }
  }

  private static double time(Browser browser, String email) throws Exception {
    long start = System.nanoTime();
    browser.post("/subscribe", "email", email, "newsletter", "weekly");
    return (System.nanoTime() - start) / 1e6;
  }

  private static double median(List<Double> values) {
    Collections.sort(values);
    return values.get(values.size() / 2);
  }
}
