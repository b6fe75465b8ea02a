package dev.tidings.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidings.Harness;
import dev.tidings.TestDatabase;
import dev.tidings.editor.ApiTokens;
import dev.tidings.editor.Editor;
import dev.tidings.newsletter.Newsletter;
import dev.tidings.subscriber.SubscriberStore;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST API: bearer tokens hashed at rest, 401/403, JSON errors with fields, pages, OpenAPI. */
class ApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private Harness harness;
  private Browser client;
  private String editorToken;
  private String adminToken;
  private Newsletter weekly;

  @BeforeEach
  void start() throws Exception {
    harness = Harness.start(TestDatabase.Kind.H2, Map.of("TIDINGS_SCHEDULER", "false"));
    weekly = harness.newsletter("weekly");
    harness.tidings.serveWebOnly();
    client = new Browser("http://127.0.0.1:" + harness.tidings.httpPort());
    editorToken = harness.tidings.apiTokens().create("ci", Editor.Role.EDITOR, "test").secret();
    adminToken = harness.tidings.apiTokens().create("ops", Editor.Role.ADMIN, "test").secret();
  }

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  private JsonNode call(String method, String path, String token, String body, int status)
      throws Exception {
    HttpResponse<String> answer = client.json(method, "/api/v1" + path, token, body);
    assertThat(answer.statusCode())
        .as(method + " " + path + ": " + answer.body())
        .isEqualTo(status);
    return answer.body().isEmpty() ? null : JSON.readTree(answer.body());
  }

  @Test
  void anonymousAndUnknownTokens_get401_withAJsonError() throws Exception {
    HttpResponse<String> anonymous = client.json("GET", "/api/v1/subscribers", null, null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate").orElseThrow())
        .startsWith("Bearer");
    assertThat(JSON.readTree(anonymous.body()).at("/error/code").asText())
        .isEqualTo("unauthorized");
    call("GET", "/subscribers", "tid_forged", null, 401);
    call("POST", "/articles", null, "{}", 401);
  }

  @Test
  void editorTokens_get403_forAdminWork_andRevokedTokensStopWorking() throws Exception {
    JsonNode forbidden = call("GET", "/tokens", editorToken, null, 403);
    assertThat(forbidden.at("/error/message").asText()).contains("admin role");
    harness.subscribers(weekly, "ann@example.com");
    long ann = harness.tidings.subscribers().byEmail("ann@example.com").id();
    call("DELETE", "/subscribers/" + ann, editorToken, null, 403);
    assertThat(harness.tidings.subscribers().findById(ann)).isPresent();

    JsonNode created =
        call("POST", "/tokens", adminToken, "{\"name\":\"zapier\",\"role\":\"editor\"}", 201);
    String secret = created.get("token").asText();
    call("GET", "/newsletters", secret, null, 200);
    call("DELETE", "/tokens/" + created.get("id").asLong(), adminToken, null, 204);
    call("GET", "/newsletters", secret, null, 401);
  }

  @Test
  void tokens_areStoredOnlyAsHashes() throws Exception {
    List<String> stored =
        harness
            .tidings
            .database()
            .read(
                connection -> {
                  List<String> values = new java.util.ArrayList<>();
                  try (var statement = connection.prepareStatement("SELECT * FROM api_tokens");
                      var rows = statement.executeQuery()) {
                    while (rows.next()) {
                      for (int column = 1;
                          column <= rows.getMetaData().getColumnCount();
                          column++) {
                        values.add(String.valueOf(rows.getString(column)));
                      }
                    }
                  }
                  return values;
                });
    assertThat(stored).doesNotContain(editorToken, adminToken);
    assertThat(String.join(" ", stored)).doesNotContain(editorToken.substring(12));
  }

  @Test
  void invalidInput_gets422_namingEachField() throws Exception {
    JsonNode invalid =
        call(
            "POST",
            "/subscribers",
            editorToken,
            "{\"email\":\"nope\",\"newsletter\":\"missing\",\"confirmed\":\"yes\"}",
            422);
    assertThat(invalid.at("/error/code").asText()).isEqualTo("invalid");
    assertThat(invalid.at("/error/fields/email").asText()).contains("valid email");
    assertThat(invalid.at("/error/fields/newsletter").asText()).contains("no newsletter missing");
    assertThat(invalid.at("/error/fields/confirmed").asText()).contains("true or false");
    JsonNode paging = call("GET", "/subscribers?per_page=1000&page=0", editorToken, null, 422);
    assertThat(paging.at("/error/fields/per_page").asText()).contains("1 to 200");
    assertThat(paging.at("/error/fields/page").isMissingNode()).isFalse();
    call("POST", "/subscribers", editorToken, "{not json", 400);
    call("GET", "/subscribers?status=odd", editorToken, null, 422);
  }

  @Test
  void subscribers_areAdded_listedInPages_searched_andErasedWithTheHashKept() throws Exception {
    JsonNode added =
        call(
            "POST",
            "/subscribers",
            editorToken,
            "{\"email\":\"Zoe@Example.com\",\"name\":\"Zoe\",\"newsletter\":\"weekly\","
                + "\"confirmed\":true}",
            201);
    assertThat(added.get("status").asText()).isEqualTo("active");
    assertThat(added.at("/subscriptions/0/newsletter").asText()).isEqualTo("weekly");
    harness.bulkSubscribers(weekly, 5);

    JsonNode first = call("GET", "/subscribers?per_page=2&page=1", editorToken, null, 200);
    JsonNode third = call("GET", "/subscribers?per_page=2&page=3", editorToken, null, 200);
    assertThat(first.get("total").asLong()).isEqualTo(6);
    assertThat(first.get("data")).hasSize(2);
    assertThat(third.get("data")).hasSize(2);
    assertThat(first.at("/data/0/id").asLong()).isNotEqualTo(third.at("/data/0/id").asLong());
    JsonNode found = call("GET", "/subscribers?search=zoe", editorToken, null, 200);
    assertThat(found.get("total").asLong()).isEqualTo(1);

    long zoe = added.get("id").asLong();
    call("DELETE", "/subscribers/" + zoe, adminToken, null, 204);
    call("GET", "/subscribers/" + zoe, editorToken, null, 404);
    assertThat(harness.tidings.subscribers().isSuppressed("zoe@example.com")).isTrue();
    SubscriberStore.Outcome again =
        harness
            .tidings
            .subscribers()
            .upsert(
                List.of(new SubscriberStore.Entry("zoe@example.com", null)),
                weekly.id(),
                true,
                new SubscriberStore.Consent("import", "test"));
    assertThat(again.suppressed()).containsExactly("zoe@example.com");
    JsonNode reAdd =
        call("POST", "/subscribers", editorToken, "{\"email\":\"zoe@example.com\"}", 422);
    assertThat(reAdd.at("/error/fields/email").asText()).contains("suppression list");
  }

  @Test
  void heldArticles_stayOutOfTheNextEdition_untilReleased() throws Exception {
    long held =
        harness.article("Embargoed", "https://example.com/embargo", harness.clock.instant()).id();
    harness.article("Open news", "https://example.com/open", harness.clock.instant());
    JsonNode answer = call("POST", "/articles/" + held + "/hold", editorToken, null, 200);
    assertThat(answer.get("status").asText()).isEqualTo("held");
    assertThat(harness.tidings.planner().nextArticles(weekly))
        .extracting(dev.tidings.article.Article::title)
        .containsExactly("Open news");
    JsonNode list = call("GET", "/articles?status=held", editorToken, null, 200);
    assertThat(list.get("total").asLong()).isEqualTo(1);
    call("POST", "/articles/" + held + "/release", editorToken, null, 200);
    assertThat(harness.tidings.planner().nextArticles(weekly)).hasSize(2);
    call("POST", "/articles/999/hold", editorToken, null, 404);
  }

  @Test
  void sendNow_andEditionControls_answerWithTheEditionOrAConflict() throws Exception {
    harness.bulkSubscribers(weekly, 3);
    harness.article("Harbour", "https://example.com/harbour", harness.clock.instant());
    JsonNode edition = call("POST", "/newsletters/weekly/editions", editorToken, null, 201);
    assertThat(edition.get("recipient_count").asInt()).isEqualTo(3);
    long id = edition.get("id").asLong();
    assertThat(
            call("POST", "/editions/" + id + "/pause", editorToken, null, 200)
                .get("status")
                .asText())
        .isEqualTo("paused");
    JsonNode conflict = call("POST", "/editions/" + id + "/pause", editorToken, null, 409);
    assertThat(conflict.at("/error/message").asText()).contains("is paused");
    JsonNode shown = call("GET", "/editions/" + id, editorToken, null, 200);
    assertThat(shown.at("/progress/queued").asLong()).isEqualTo(3);
    JsonNode newsletter = call("GET", "/newsletters/weekly", editorToken, null, 200);
    assertThat(newsletter.get("next_sends")).hasSize(5);
    assertThat(newsletter.at("/next_sends/0").asText()).endsWith("+01:00");
  }

  @Test
  void openApi_isPublic_andDescribesEveryRoute() throws Exception {
    JsonNode spec = call("GET", "/openapi.json", null, null, 200);
    assertThat(spec.get("openapi").asText()).startsWith("3.");
    assertThat(spec.at("/components/securitySchemes/bearer/scheme").asText()).isEqualTo("bearer");
    // Every API route the server registers is described, and every described route exists.
    List<String> described = new java.util.ArrayList<>();
    for (java.util.Map.Entry<String, JsonNode> path : spec.get("paths").properties()) {
      for (String method : (Iterable<String>) path.getValue()::fieldNames) {
        described.add(method.toUpperCase(java.util.Locale.ROOT) + " /api/v1" + path.getKey());
      }
    }
    List<String> served =
        harness.tidings.httpRoutes().stream()
            .filter(route -> route.contains(" /api/v1/"))
            .filter(route -> !route.endsWith("/openapi.json"))
            .toList();
    assertThat(served).hasSizeGreaterThan(20);
    assertThat(described).containsExactlyInAnyOrderElementsOf(served);
  }

  @Test
  void apiTokenCreatedByCli_isShownOnce_andWorks() {
    ApiTokens.Created created =
        harness.tidings.apiTokens().create("script", Editor.Role.EDITOR, "test");
    assertThat(created.secret()).startsWith(ApiTokens.PREFIX);
    assertThat(harness.tidings.apiTokens().authenticate(created.secret())).isPresent();
    assertThat(harness.tidings.apiTokens().authenticate(created.secret() + "x")).isEmpty();
  }
}
