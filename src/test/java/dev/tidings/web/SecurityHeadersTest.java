package dev.tidings.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every response carries the security headers, error pages and unknown addresses included: a policy
 * with {@code form-action 'self'} and {@code base-uri 'none'} and images from this site and https
 * only; admin pages and the API are never cached; an unknown address gets the site's styled page.
 * Before, the policy had neither directive and allowed images from anywhere, admin pages could be
 * cached, and Javalin's bare 404 had no headers at all.
 */
class SecurityHeadersTest {
  private static AdminSession session;

  @BeforeAll
  static void start() throws Exception {
    session = AdminSession.start();
  }

  @AfterAll
  static void stop() throws Exception {
    session.close();
  }

  @Test
  void everyKindOfPage_carriesThePolicy() throws Exception {
    for (String path :
        List.of("/subscribe", "/admin/editions", "/admin/login", "/no/such/page", "/confirm/bad")) {
      HttpResponse<String> answer = session.browser.get(path);
      String policy = answer.headers().firstValue("Content-Security-Policy").orElse("");
      assertThat(policy)
          .as(path)
          .contains("form-action 'self'", "base-uri 'none'", "frame-ancestors 'none'")
          .contains("img-src 'self' https: data:")
          .doesNotContain("img-src *");
      assertThat(answer.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(answer.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    }
  }

  @Test
  void adminPagesAndTheApi_areNotCached() throws Exception {
    assertThat(session.browser.get("/admin/editions").headers().firstValue("Cache-Control"))
        .hasValue("no-store");
    assertThat(session.browser.get("/api/v1/newsletters").headers().firstValue("Cache-Control"))
        .hasValue("no-store");
    assertThat(session.browser.get("/subscribe").headers().firstValue("Cache-Control")).isEmpty();
  }

  @Test
  void anUnknownAddress_getsTheStyledPage() throws Exception {
    HttpResponse<String> answer = session.browser.get("/no/such/page");
    assertThat(answer.statusCode()).isEqualTo(404);
    assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(answer.body()).contains("<style>", "There is nothing at this address.");
  }
}
