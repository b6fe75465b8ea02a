package dev.tidings;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /api/v1/articles} on a served Tidings (H2): 201, 200 on the same url, 422, 400. */
class ArticleApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private Harness harness;

  @BeforeEach
  void start() throws Exception {
    harness = Harness.start(TestDatabase.Kind.H2, Map.of("TIDINGS_SCHEDULER", "false"));
    harness.tidings.serve();
  }

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  /** The headers of every API request (the place for the bearer token once the API has one). */
  private Map<String, String> headers() {
    if (token == null) {
      token =
          harness
              .tidings
              .apiTokens()
              .create("ingest", dev.tidings.editor.Editor.Role.EDITOR, "test")
              .secret();
    }
    return Map.of("Content-Type", "application/json", "Authorization", "Bearer " + token);
  }

  private String token;

  private HttpResponse<String> post(String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + harness.tidings.httpPort() + "/api/v1/articles"))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    headers().forEach(request::header);
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void newArticle_is201WithTheStoredArticle_andTheSameUrlAgainIs200() throws Exception {
    HttpResponse<String> created =
        post(
            "{\"title\":\"Harbour dredging starts\",\"url\":\"https://port.example.com/dredging\","
                + "\"body\":\"<p>Dredging starts on Monday. <a href='/map'>Map</a></p>"
                + "<script>alert(1)</script>\",\"format\":\"html\",\"author\":\"Ann Lee\","
                + "\"published_at\":\"2026-11-20T08:00:00Z\",\"tags\":[\"Port\",\"works\"]}");
    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode article = JSON.readTree(created.body());
    assertThat(article.get("title").asText()).isEqualTo("Harbour dredging starts");
    assertThat(article.get("author").asText()).isEqualTo("Ann Lee");
    assertThat(article.get("published_at").asText()).isEqualTo("2026-11-20T08:00:00Z");
    assertThat(article.get("excerpt").asText()).startsWith("Dredging starts on Monday.");
    assertThat(article.get("reading_minutes").asInt()).isEqualTo(1);
    assertThat(article.get("tags").toString()).isEqualTo("[\"port\",\"works\"]");
    assertThat(article.get("body_html").asText())
        .contains("href=\"https://port.example.com/map\"")
        .doesNotContain("script");
    long id = article.get("id").asLong();

    HttpResponse<String> updated =
        post(
            "{\"title\":\"Harbour dredging delayed\",\"url\":\"https://port.example.com/dredging\","
                + "\"body\":{\"format\":\"markdown\",\"content\":\"Dredging is *delayed* a week.\"}}");
    assertThat(updated.statusCode()).isEqualTo(200);
    JsonNode again = JSON.readTree(updated.body());
    assertThat(again.get("id").asLong()).isEqualTo(id);
    assertThat(again.get("title").asText()).isEqualTo("Harbour dredging delayed");
    assertThat(harness.tidings.articles().latest(10)).hasSize(1);
  }

  @Test
  void invalidFields_are422NamingEachField() throws Exception {
    HttpResponse<String> response =
        post(
            "{\"url\":\"ftp://files.example.com/x\",\"body\":\"\",\"format\":\"pdf\","
                + "\"published_at\":\"yesterday\",\"tags\":[1],\"colour\":\"red\"}");
    assertThat(response.statusCode()).isEqualTo(422);
    JsonNode error = JSON.readTree(response.body());
    assertThat(error.get("error").get("message").asText()).isNotBlank();
    JsonNode fields = error.get("error").get("fields");
    assertThat(fields.get("title").asText()).isEqualTo("is required");
    assertThat(fields.get("body").asText()).isEqualTo("is required");
    assertThat(fields.get("url").asText()).contains("http(s)");
    assertThat(fields.get("format").asText()).contains("pdf");
    assertThat(fields.get("published_at").asText()).contains("ISO date");
    assertThat(fields.get("tags").asText()).contains("strings");
    assertThat(fields.get("colour").asText()).isEqualTo("is not a known field");
    assertThat(harness.tidings.articles().latest(10)).isEmpty();
  }

  @Test
  void bodyWithoutText_andUnknownNewsletter_are422() throws Exception {
    HttpResponse<String> empty =
        post(
            "{\"title\":\"T\",\"url\":\"https://a.example.com/t\",\"body\":\"<script>alert(1)</script><form></form>\"}");
    assertThat(empty.statusCode()).isEqualTo(422);
    assertThat(JSON.readTree(empty.body()).get("error").get("fields").get("body").asText())
        .contains("no text");
    HttpResponse<String> newsletter =
        post(
            "{\"title\":\"T\",\"url\":\"https://a.example.com/t\",\"body\":\"<p>x</p>\","
                + "\"newsletter\":\"nope\"}");
    assertThat(newsletter.statusCode()).isEqualTo(422);
    assertThat(
            JSON.readTree(newsletter.body()).get("error").get("fields").get("newsletter").asText())
        .contains("unknown newsletter 'nope'");
  }

  /** A date the database cannot store is bad input (422), not a 500 from the database. */
  @Test
  void aPublicationDateOutsideTheDatabasesRange_is422() throws Exception {
    for (String date : java.util.List.of("0999-12-31T23:59:59Z", "+10000-01-01T00:00:00Z")) {
      HttpResponse<String> answer =
          post(
              "{\"title\":\"T\",\"url\":\"https://a.example.com/d\",\"body\":\"<p>x</p>\","
                  + "\"published_at\":\""
                  + date
                  + "\"}");
      assertThat(answer.statusCode()).as(date).isEqualTo(422);
      assertThat(answer.body()).as(date).contains("published_at").contains("1000 and 9999");
    }
    assertThat(harness.tidings.articles().latest(10)).isEmpty();
  }

  @Test
  void notJsonOrTooLarge_is400Or413() throws Exception {
    HttpResponse<String> broken = post("{\"title\": ");
    assertThat(broken.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(broken.body()).get("error").get("message").asText())
        .contains("not valid JSON");
    HttpResponse<String> huge =
        post(
            "{\"title\":\"T\",\"url\":\"https://a.example.com/h\",\"body\":\""
                + "x".repeat(2_000_000)
                + "\"}");
    assertThat(huge.statusCode()).isEqualTo(413);
    assertThat(harness.tidings.articles().latest(10)).isEmpty();
    HttpResponse<String> array = post("[1,2]");
    assertThat(array.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(array.body()).get("error").get("message").asText())
        .contains("JSON object");
  }
}
