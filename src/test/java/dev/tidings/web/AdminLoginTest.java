package dev.tidings.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.Harness;
import dev.tidings.TestDatabase;
import dev.tidings.cli.AppContext;
import dev.tidings.cli.TidingsCommand;
import dev.tidings.editor.Editor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Editors' login: bcrypt, session cookie, CSRF on every form, throttling, the first admin. */
class AdminLoginTest {
  private static final String EMAIL = "admin@example.com";
  private static final String PASSWORD = "correct horse battery";
  private Harness harness;
  private Browser browser;

  @BeforeEach
  void start() throws Exception {
    harness =
        Harness.start(
            TestDatabase.Kind.H2,
            Map.of(
                "TIDINGS_ADMIN_EMAIL", EMAIL,
                "TIDINGS_ADMIN_PASSWORD", PASSWORD,
                "TIDINGS_LOGIN_ATTEMPTS", "3"));
    harness.tidings.serve();
    browser = new Browser("http://127.0.0.1:" + harness.tidings.httpPort());
  }

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void firstStart_createsTheAdminFromTheEnvironment_withAHashedPassword() throws Exception {
    Editor admin = harness.tidings.editors().find(EMAIL).orElseThrow();
    assertThat(admin.role()).isEqualTo(Editor.Role.ADMIN);
    String stored =
        harness.query("SELECT password_hash FROM editors", row -> row.getString(1)).get(0);
    assertThat(stored).startsWith("$2").doesNotContain(PASSWORD);
    harness.tidings.bootstrapAdmin();
    assertThat(harness.tidings.editors().list()).hasSize(1);
  }

  @Test
  void adminPages_withoutSession_redirectToLogin() throws Exception {
    HttpResponse<String> answer = browser.get("/admin/editions");
    assertThat(answer.statusCode()).isEqualTo(302);
    assertThat(answer.headers().firstValue("Location").orElseThrow())
        .startsWith("/admin/login?next=");
  }

  @Test
  void login_setsAHttpOnlySameSiteCookie_andLogoutEndsTheSession() throws Exception {
    String token = Browser.csrf(browser.get("/admin/login").body());
    HttpResponse<String> answer =
        browser.post("/admin/login", "csrf", token, "email", EMAIL, "password", PASSWORD);
    assertThat(answer.statusCode()).isEqualTo(302);
    String cookie =
        answer.headers().allValues("Set-Cookie").stream()
            .filter(value -> value.startsWith("tidings_session="))
            .findFirst()
            .orElseThrow();
    assertThat(cookie).contains("HttpOnly").containsIgnoringCase("SameSite=Lax");
    assertThat(cookie).doesNotContain("Secure");
    HttpResponse<String> page = browser.get("/admin/editions");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("Log out");

    assertThat(browser.post("/admin/logout", "csrf", Browser.csrf(page.body())).statusCode())
        .isEqualTo(302);
    assertThat(browser.get("/admin/editions").statusCode()).isEqualTo(302);
  }

  @Test
  void behindHttps_theSessionCookieIsSecure() throws Exception {
    try (Harness https =
        Harness.start(
            TestDatabase.Kind.H2,
            Map.of(
                "TIDINGS_ADMIN_EMAIL", EMAIL,
                "TIDINGS_ADMIN_PASSWORD", PASSWORD,
                "TIDINGS_BASE_URL", "https://news.example.com"))) {
      https.tidings.serveWebOnly();
      Browser other = new Browser("http://127.0.0.1:" + https.tidings.httpPort());
      HttpResponse<String> form = other.get("/admin/login");
      assertThat(form.headers().allValues("Set-Cookie"))
          .allMatch(value -> value.contains("Secure"));
      // The client keeps a Secure cookie for https only, so the token is checked by hand here.
      String nonce = form.headers().allValues("Set-Cookie").get(0).replaceFirst(";.*", "");
      HttpResponse<String> answer =
          other.postWithCookie(
              "/admin/login",
              nonce,
              "csrf",
              Browser.csrf(form.body()),
              "email",
              EMAIL,
              "password",
              PASSWORD);
      assertThat(answer.statusCode()).isEqualTo(302);
      assertThat(answer.headers().allValues("Set-Cookie"))
          .filteredOn(value -> value.startsWith("tidings_session="))
          .singleElement()
          .satisfies(value -> assertThat(value).contains("Secure").contains("HttpOnly"));
    }
  }

  @Test
  void formWithoutCsrfToken_isRefused_andChangesNothing() throws Exception {
    String csrf = browser.login(EMAIL, PASSWORD);
    harness.newsletter("weekly");
    harness.subscribers(harness.tidings.newsletters().bySlug("weekly"), "ann@example.com");
    harness.article("Quiet news", "https://example.com/quiet", harness.clock.instant());

    HttpResponse<String> forged = browser.post("/admin/newsletters/weekly/send", "confirm", "yes");
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(forged.body()).contains("expired or did not come from this site");
    HttpResponse<String> wrong =
        browser.post("/admin/newsletters/weekly/send", "confirm", "yes", "csrf", "forged");
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(
            harness
                .tidings
                .editions()
                .ofNewsletter(harness.tidings.newsletters().bySlug("weekly").id(), 10))
        .isEmpty();

    HttpResponse<String> genuine =
        browser.post("/admin/newsletters/weekly/send", "confirm", "yes", "csrf", csrf);
    assertThat(genuine.statusCode()).isEqualTo(302);
    assertThat(
            harness
                .tidings
                .editions()
                .ofNewsletter(harness.tidings.newsletters().bySlug("weekly").id(), 10))
        .hasSize(1);
  }

  @Test
  void wrongPasswords_areThrottled_evenWhenTheRightOneFollows() throws Exception {
    for (int i = 0; i < 3; i++) {
      String token = Browser.csrf(browser.get("/admin/login").body());
      HttpResponse<String> answer =
          browser.post("/admin/login", "csrf", token, "email", EMAIL, "password", "guess " + i);
      assertThat(answer.statusCode()).isEqualTo(401);
      assertThat(answer.body()).contains("do not match");
    }
    String token = Browser.csrf(browser.get("/admin/login").body());
    HttpResponse<String> blocked =
        browser.post("/admin/login", "csrf", token, "email", EMAIL, "password", PASSWORD);
    assertThat(blocked.statusCode()).isEqualTo(429);
    assertThat(blocked.headers().firstValue("Retry-After")).isPresent();
    assertThat(blocked.body()).contains("Too many failed attempts");
  }

  /**
   * A burst of parallel guesses: each attempt is counted before its password is checked, so no more
   * than the limit (3 here) get as far as bcrypt. Before, all 30 were checked.
   */
  @Test
  void parallelWrongPasswords_areCheckedNoMoreThanTheLimit() throws Exception {
    String token = Browser.csrf(browser.get("/admin/login").body());
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(30);
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    java.util.List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < 30; i++) {
        String guess = "wrong guess " + i;
        answers.add(
            pool.submit(
                () -> {
                  go.await();
                  return browser
                      .post("/admin/login", "csrf", token, "email", EMAIL, "password", guess)
                      .statusCode();
                }));
      }
      go.countDown();
      Map<Integer, Integer> byStatus = new HashMap<>();
      for (java.util.concurrent.Future<Integer> answer : answers) {
        byStatus.merge(answer.get(), 1, Integer::sum);
      }
      assertThat(byStatus).containsEntry(401, 3).containsEntry(429, 27).hasSize(2);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * A locked address stays locked however it is spelled: the limit counts the address after the
   * login's own normalization, where a fullwidth letter, a soft hyphen or an ideographic full stop
   * in the domain name the same editor. Before, each spelling had a fresh limit and logged in.
   */
  @Test
  void aLockedAddress_staysLocked_underEverySpellingOfIt() throws Exception {
    for (int i = 0; i < 3; i++) {
      String token = Browser.csrf(browser.get("/admin/login").body());
      browser.post("/admin/login", "csrf", token, "email", EMAIL, "password", "guess " + i);
    }
    for (String spelling :
        java.util.List.of(
            "admin@\uff45xample.com",
            "admin@exam\u00adple.com",
            "admin@example\u3002com",
            " ADMIN@Example.COM ")) {
      String token = Browser.csrf(browser.get("/admin/login").body());
      HttpResponse<String> answer =
          browser.post("/admin/login", "csrf", token, "email", spelling, "password", PASSWORD);
      assertThat(answer.statusCode()).as(spelling).isEqualTo(429);
    }
  }

  @Test
  void aNewPassword_endsEverySessionOfTheEditor() throws Exception {
    browser.login(EMAIL, PASSWORD);
    Browser other = new Browser("http://127.0.0.1:" + harness.tidings.httpPort());
    other.login(EMAIL, PASSWORD);
    assertThat(browser.get("/admin/editions").statusCode()).isEqualTo(200);

    Editor admin = harness.tidings.editors().find(EMAIL).orElseThrow();
    harness.tidings.editors().setPassword(admin.id(), "a brand new passphrase");

    assertThat(browser.get("/admin/editions").statusCode()).isEqualTo(302);
    assertThat(other.get("/admin/editions").statusCode()).isEqualTo(302);
    assertThat(harness.count("SELECT COUNT(*) FROM editor_sessions")).isZero();
  }

  @Test
  void loginWithoutItsCsrfToken_isRefused() throws Exception {
    browser.get("/admin/login");
    HttpResponse<String> answer =
        browser.post("/admin/login", "email", EMAIL, "password", PASSWORD);
    assertThat(answer.statusCode()).isEqualTo(403);
    assertThat(browser.get("/admin/editions").statusCode()).isEqualTo(302);
  }

  @Test
  void editorAdd_fromTheCommandLine_canLogIn_andBadInputIsOneLine() throws Exception {
    Path passwordFile = Files.createTempFile("password", ".txt");
    Files.writeString(passwordFile, "another long secret\n");
    Map<String, String> variables = new HashMap<>(harness.database.variables());
    variables.put("TIDINGS_SECRET", "test-secret-0123456789abcdef");
    variables.put("TIDINGS_SMTP_HOST", "127.0.0.1");
    variables.put("TIDINGS_TEMPLATES_DIR", Path.of("templates").toAbsolutePath().toString());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    try (AppContext context =
        new AppContext(new PrintWriter(out, true), new PrintWriter(err, true), () -> variables)) {
      int code =
          TidingsCommand.execute(
              new String[] {
                "editor",
                "add",
                "Bea@Example.com",
                "--name",
                "Bea",
                "--password-file",
                passwordFile.toString()
              },
              context);
      assertThat(code).isZero();
      Files.writeString(passwordFile, "short");
      int bad =
          TidingsCommand.execute(
              new String[] {
                "editor", "add", "cid@example.com", "--password-file", passwordFile.toString()
              },
              context);
      assertThat(bad).isEqualTo(1);
    }
    assertThat(out.toString()).contains("editor bea@example.com added (editor)");
    assertThat(err.toString())
        .isEqualTo("tidings: error: a password needs at least 10 characters\n");
    assertThat(browser.login("bea@example.com", "another long secret")).isNotBlank();
  }
}
