package dev.tidings.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.editor.Editor;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A bad number gets the same answer on every page and API route: a page number out of range or no
 * number at all is a 422 naming the parameter (a page for people, JSON for the API); an id that is
 * no positive number is a 404 like an unknown one. Before, the admin lists showed page 1 for {@code
 * ?page=abc} and the archive answered differently from the rest.
 */
class BadParametersTest {
  private AdminSession session;

  @BeforeEach
  void start() throws Exception {
    session = AdminSession.start();
  }

  @AfterEach
  void stop() throws Exception {
    session.close();
  }

  @Test
  void badPagesAndIds_getTheSameAnswerEverywhere() throws Exception {
    Browser browser = session.browser;
    String token =
        session.harness.tidings.apiTokens().create("t", Editor.Role.EDITOR, "test").secret();
    for (String list : new String[] {"/admin/editions", "/admin/articles", "/admin/subscribers"}) {
      for (String page : new String[] {"abc", "0", "-3", "99999999999"}) {
        HttpResponse<String> answer = browser.get(list + "?page=" + page);
        assertThat(answer.statusCode()).as(list + "?page=" + page).isEqualTo(422);
        assertThat(answer.body()).contains("page must be a whole number from 1 to 1000000");
      }
      assertThat(browser.get(list + "?page=1").statusCode()).isEqualTo(200);
    }
    HttpResponse<String> api = browser.json("GET", "/api/v1/subscribers?page=abc", token, null);
    assertThat(api.statusCode()).isEqualTo(422);
    assertThat(api.body()).contains("\"page\"", "must be a whole number from 1 to 1000000");

    for (String id : new String[] {"abc", "0", "-1", "99999999999999999999"}) {
      assertThat(browser.json("GET", "/api/v1/articles/" + id, token, null).statusCode())
          .as("api article " + id)
          .isEqualTo(404);
      assertThat(browser.get("/admin/subscribers/" + id).statusCode())
          .as("admin subscriber " + id)
          .isEqualTo(404);
      assertThat(browser.get("/archive/weekly/" + id).statusCode())
          .as("archive edition " + id)
          .isEqualTo(404);
    }
  }
}
