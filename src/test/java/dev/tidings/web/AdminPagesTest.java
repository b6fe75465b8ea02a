package dev.tidings.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.Harness;
import dev.tidings.article.Article;
import dev.tidings.editor.Editor;
import dev.tidings.newsletter.Newsletter;
import dev.tidings.subscriber.Subscriber;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The editors' article, subscriber, newsletter and token pages over HTTP. */
class AdminPagesTest {
  private AdminSession session;
  private Harness harness;
  private Browser browser;
  private String csrf;
  private Newsletter weekly;

  @BeforeEach
  void start() throws Exception {
    session = AdminSession.start();
    harness = session.harness;
    browser = session.browser;
    csrf = session.csrf;
    weekly = session.weekly;
  }

  @AfterEach
  void stop() throws Exception {
    session.close();
  }

  @Test
  void articles_writtenInMarkdown_uploaded_edited_andHeldBack() throws Exception {
    HttpResponse<String> created =
        browser.multipart(
            "/admin/articles",
            "csrf",
            csrf,
            "format",
            "markdown",
            "body",
            "# Tide tables\n\nThe *spring tide* comes early.\n<script>alert(1)</script>",
            "url",
            "https://example.com/tides");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(302);
    Article article = harness.tidings.planner().nextArticles(weekly).get(0);
    assertThat(article.title()).isEqualTo("Tide tables");
    assertThat(article.bodyHtml()).contains("<em>spring tide</em>").doesNotContain("<script");

    HttpResponse<String> uploaded =
        browser.multipart(
            "/admin/articles",
            "csrf",
            csrf,
            "file",
            "file:harbour.html:<html><head><title>Harbour</title></head>"
                + "<body><p>Boats return.</p></body></html>");
    assertThat(uploaded.statusCode()).isEqualTo(302);
    assertThat(harness.tidings.planner().nextArticles(weekly))
        .extracting(Article::title)
        .containsExactlyInAnyOrder("Tide tables", "Harbour");

    HttpResponse<String> edited =
        browser.multipart(
            "/admin/articles/" + article.id(),
            "csrf",
            csrf,
            "format",
            "html",
            "title",
            "Tide tables, corrected",
            "url",
            "https://example.com/tides",
            "body",
            "<p>The spring tide comes late.</p>");
    assertThat(edited.statusCode()).isEqualTo(302);
    assertThat(browser.get("/admin/articles?q=corrected").body())
        .contains("Tide tables, corrected");

    browser.post("/admin/articles/" + article.id() + "/hold", "csrf", csrf);
    assertThat(harness.tidings.planner().nextArticles(weekly))
        .extracting(Article::title)
        .containsExactly("Harbour");
    assertThat(browser.get("/admin/articles?status=held").body())
        .contains("Tide tables, corrected");

    HttpResponse<String> empty =
        browser.multipart("/admin/articles", "csrf", csrf, "format", "markdown", "body", " ");
    assertThat(empty.statusCode()).isEqualTo(422);
    assertThat(empty.body()).contains("Write the article, or upload a file.");
  }

  @Test
  void subscribers_added_imported_withBadRowsReported_exported_andErased() throws Exception {
    HttpResponse<String> added =
        browser.post(
            "/admin/subscribers",
            "csrf",
            csrf,
            "email",
            "ann@example.com",
            "name",
            "Ann",
            "newsletter",
            "weekly",
            "confirmed",
            "yes");
    assertThat(added.statusCode()).isEqualTo(302);
    assertThat(harness.tidings.subscribers().byEmail("ann@example.com").status())
        .isEqualTo(Subscriber.Status.ACTIVE);

    HttpResponse<String> imported =
        browser.multipart(
            "/admin/subscribers/import",
            "csrf",
            csrf,
            "newsletter",
            "weekly",
            "file",
            "file:list.csv:email,name\nbob@example.com,Bob\nnot-an-address,X\ncy@example.com,Cy\n");
    assertThat(imported.statusCode()).isEqualTo(200);
    assertThat(imported.body()).contains("2 added").contains("line 3");
    assertThat(harness.tidings.subscribers().byEmail("bob@example.com").status())
        .isEqualTo(Subscriber.Status.PENDING);

    assertThat(browser.get("/admin/subscribers?status=pending").body())
        .contains("bob@example.com")
        .doesNotContain("ann@example.com");
    assertThat(browser.get("/admin/subscribers?q=ann").body()).contains("ann@example.com");

    HttpResponse<String> export = browser.get("/admin/subscribers/export.csv");
    assertThat(export.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
    assertThat(export.body())
        .startsWith("email,name,status,created_at,consent")
        .contains("ann@example.com,Ann,active");

    long ann = harness.tidings.subscribers().byEmail("ann@example.com").id();
    assertThat(browser.post("/admin/subscribers/" + ann + "/erase", "csrf", csrf).statusCode())
        .isEqualTo(302);
    assertThat(harness.tidings.subscribers().findByEmail("ann@example.com")).isEmpty();
    HttpResponse<String> again =
        browser.multipart(
            "/admin/subscribers/import",
            "csrf",
            csrf,
            "file",
            "file:again.csv:email\nann@example.com\n");
    assertThat(again.body()).contains("0 added").contains("1 suppressed");
    assertThat(harness.tidings.subscribers().findByEmail("ann@example.com")).isEmpty();
  }

  /** A subject template that cannot compile is named at save (422), not a 500 at preview. */
  @Test
  void aNewsletterWithAnUncompilableSubject_isRefusedWithTheReason() throws Exception {
    HttpResponse<String> refused =
        browser.post(
            "/admin/newsletters",
            "csrf",
            csrf,
            "slug",
            "evening",
            "name",
            "Evening",
            "cron",
            "0 18 * * *",
            "zone",
            "UTC",
            "from",
            "evening@example.com",
            "subject",
            "{{#name}} never closed",
            "enabled",
            "yes");
    assertThat(refused.statusCode()).isEqualTo(422);
    assertThat(refused.body()).contains("subject template is not a valid template");
    assertThat(session.harness.tidings.newsletters().findBySlug("evening")).isEmpty();
  }

  @Test
  void newsletters_createdWithTheNextFiveSendTimes_andBadSchedulesNamed() throws Exception {
    HttpResponse<String> created =
        browser.post(
            "/admin/newsletters",
            "csrf",
            csrf,
            "slug",
            "morning",
            "name",
            "Morning Brief",
            "cron",
            "30 6 * * 1-5",
            "zone",
            "America/New_York",
            "from",
            "brief@example.com",
            "enabled",
            "yes",
            "min",
            "1",
            "max",
            "5",
            "max_age",
            "2d",
            "template",
            "default");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(302);
    String page = browser.get("/admin/newsletters/morning").body();
    assertThat(page).contains("Morning Brief").contains("06:30 E");
    assertThat(page.split("<li>", -1)).hasSize(6);

    HttpResponse<String> bad =
        browser.post(
            "/admin/newsletters/morning",
            "csrf",
            csrf,
            "name",
            "Morning Brief",
            "cron",
            "61 * * * *",
            "zone",
            "America/New_York",
            "from",
            "brief@example.com");
    assertThat(bad.statusCode()).isEqualTo(422);
    assertThat(bad.body()).contains("flash error");
    assertThat(harness.tidings.newsletters().bySlug("morning").cron().text())
        .isEqualTo("30 6 * * 1-5");

    String schedule =
        browser.get("/admin/newsletters/schedule?cron=0+9+*+*+*&zone=Asia/Tokyo").body();
    assertThat(schedule).contains("09:00").contains("\"times\"");
    assertThat(browser.get("/admin/newsletters").body())
        .as("the snippet is shown as code, escaped")
        .contains("action&#61;&quot;http://localhost:0/subscribe&quot;")
        .contains("name&#61;&quot;website&quot;");
  }

  @Test
  void apiTokens_areShownOnce_andEditorsMayNotManageThem() throws Exception {
    HttpResponse<String> created =
        browser.post("/admin/tokens", "csrf", csrf, "name", "deploy script", "role", "editor");
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.body()).contains("tid_").contains("not shown again");
    assertThat(browser.get("/admin/tokens").body()).doesNotContain("id=\"new-token\"");

    harness.tidings.editors().add("ed@example.com", "Ed", "an editor password", Editor.Role.EDITOR);
    Browser editor = new Browser("http://127.0.0.1:" + harness.tidings.httpPort());
    String editorCsrf = editor.login("ed@example.com", "an editor password");
    assertThat(editor.get("/admin/tokens").statusCode()).isEqualTo(403);
    assertThat(editor.post("/admin/tokens", "csrf", editorCsrf, "name", "x").statusCode())
        .isEqualTo(403);
    harness.subscribers(weekly, "kim@example.com");
    long kim = harness.tidings.subscribers().byEmail("kim@example.com").id();
    assertThat(editor.post("/admin/subscribers/" + kim + "/erase", "csrf", editorCsrf).statusCode())
        .isEqualTo(403);
    assertThat(harness.tidings.subscribers().findById(kim)).isPresent();
  }
}
