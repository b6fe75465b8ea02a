package dev.tidings.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidings.FeedCorpusSurvey;
import dev.tidings.FeedServer;
import dev.tidings.article.Feed;
import dev.tidings.editor.Editor;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Feeds from the browser and the API: an editor adds a real feed capture, polls it and sees its
 * result, pauses, resumes and removes it; a feed that is gone or broken shows its status and error;
 * bad input is refused with a message that names it, the API's as JSON.
 */
class FeedRoutesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private AdminSession session;
  private FeedServer server;
  private String token;

  @BeforeEach
  void start() throws Exception {
    session = AdminSession.start();
    server = new FeedServer();
    byte[] heise = Files.readAllBytes(FeedCorpusSurvey.CORPUS.resolve("heise.atom"));
    server.serve("/heise.atom", FeedServer.Answer.file(heise, "application/atom+xml", null));
    server.serve("/gone.xml", FeedServer.Answer.status(410, "Gone", 0));
    token =
        session.harness.tidings.apiTokens().create("feeds", Editor.Role.EDITOR, "test").secret();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    session.close();
  }

  private Feed only() {
    return session.harness.tidings.feeds().all().get(0);
  }

  @Test
  void anEditor_addsPollsPausesAndRemovesAFeed_inTheBrowser() throws Exception {
    Browser browser = session.browser;
    String csrf = session.csrf;
    HttpResponse<String> added =
        browser.post(
            "/admin/feeds", "csrf", csrf, "url", server.url("/heise.atom"), "newsletter", "weekly");
    assertThat(added.statusCode()).isEqualTo(201);
    assertThat(added.body()).contains("Added " + server.url("/heise.atom"));
    Feed feed = only();
    assertThat(feed.newsletterId()).isEqualTo(session.weekly.id());

    HttpResponse<String> polled = browser.post("/admin/feeds/" + feed.id() + "/poll", "csrf", csrf);
    // Its first read: heise's items of 2016 are older than the maximum age, its back catalogue.
    assertThat(polled.body()).contains("Polled", "0 new", "15 older than the maximum age");
    HttpResponse<String> list = browser.get("/admin/feeds");
    assertThat(list.body())
        .contains("heise developer", "badge active", "15 older than the maximum age")
        .doesNotContain("failure(s) in a row");

    browser.post("/admin/feeds/" + feed.id() + "/pause", "csrf", csrf);
    assertThat(only().status()).isEqualTo("paused");
    assertThat(browser.get("/admin/feeds").body()).contains("badge paused", "Resume");
    browser.post("/admin/feeds/" + feed.id() + "/resume", "csrf", csrf);
    assertThat(only().status()).isEqualTo("active");

    HttpResponse<String> bad = browser.post("/admin/feeds", "csrf", csrf, "url", "ftp://x");
    assertThat(bad.statusCode()).isEqualTo(422);
    assertThat(bad.body()).contains("must be an http(s) URL", "value=\"ftp://x\"");
    HttpResponse<String> nowhere =
        browser.post("/admin/feeds", "csrf", csrf, "url", server.url("/a.xml"), "newsletter", "x");
    assertThat(nowhere.statusCode()).isEqualTo(422);
    assertThat(nowhere.body()).contains("there is no newsletter");
    HttpResponse<String> forged =
        browser.post("/admin/feeds/" + feed.id() + "/remove", "csrf", "forged");
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(session.harness.tidings.feeds().all()).hasSize(1);

    browser.post("/admin/feeds/" + feed.id() + "/remove", "csrf", csrf);
    assertThat(session.harness.tidings.feeds().all()).isEmpty();
    assertThat(browser.get("/admin/feeds").body()).contains("No feed yet");
  }

  @Test
  void theApi_addsPollsPausesAndRemovesFeeds_withJsonErrors() throws Exception {
    Browser client = session.browser;
    HttpResponse<String> created =
        client.json(
            "POST", "/api/v1/feeds", token, "{\"url\":\"" + server.url("/gone.xml") + "\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    long id = JSON.readTree(created.body()).get("id").asLong();

    HttpResponse<String> polled = client.json("POST", "/api/v1/feeds/" + id + "/poll", token, null);
    assertThat(polled.statusCode()).isEqualTo(200);
    JsonNode poll = JSON.readTree(polled.body());
    assertThat(poll.get("error").asText()).contains("410 Gone");
    assertThat(poll.at("/feed/status").asText()).isEqualTo("gone");
    JsonNode list = JSON.readTree(client.json("GET", "/api/v1/feeds", token, null).body());
    assertThat(list.at("/data/0/status").asText()).isEqualTo("gone");
    assertThat(list.at("/data/0/last_error").asText()).contains("410 Gone");

    HttpResponse<String> paused =
        client.json("POST", "/api/v1/feeds/" + id + "/pause", token, null);
    assertThat(JSON.readTree(paused.body()).get("status").asText()).isEqualTo("paused");
    HttpResponse<String> resumed =
        client.json("POST", "/api/v1/feeds/" + id + "/resume", token, null);
    assertThat(JSON.readTree(resumed.body()).get("status").asText()).isEqualTo("active");

    HttpResponse<String> twice =
        client.json(
            "POST", "/api/v1/feeds", token, "{\"url\":\"" + server.url("/gone.xml") + "\"}");
    assertThat(twice.statusCode()).isEqualTo(422);
    assertThat(JSON.readTree(twice.body()).at("/error/message").asText()).contains("already added");
    HttpResponse<String> noUrl = client.json("POST", "/api/v1/feeds", token, "{}");
    assertThat(noUrl.statusCode()).isEqualTo(422);
    assertThat(JSON.readTree(noUrl.body()).at("/error/fields/url").asText()).contains("URL");
    assertThat(client.json("POST", "/api/v1/feeds", token, "[1]").statusCode()).isEqualTo(400);
    assertThat(client.json("GET", "/api/v1/feeds/999", token, null).statusCode()).isEqualTo(404);
    assertThat(client.json("GET", "/api/v1/feeds/abc", token, null).statusCode()).isEqualTo(404);
    assertThat(client.json("GET", "/api/v1/feeds", null, null).statusCode()).isEqualTo(401);

    assertThat(client.json("DELETE", "/api/v1/feeds/" + id, token, null).statusCode())
        .isEqualTo(204);
    assertThat(client.json("GET", "/api/v1/feeds/" + id, token, null).statusCode()).isEqualTo(404);
  }
}
