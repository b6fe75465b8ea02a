package dev.tidings.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidings.FaultySmtpServer;
import dev.tidings.Harness;
import dev.tidings.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /health} answers from the relays' recorded state, which {@code serve} checks in the
 * background: no request opens an SMTP session, and the answer says how old the check is.
 */
class HealthTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private Harness harness;

  @AfterEach
  void close() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  private HttpResponse<String> health() throws Exception {
    return http.send(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + harness.tidings.httpPort() + "/health"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** /health once the background check has recorded something, within five seconds. */
  private HttpResponse<String> settledHealth() throws Exception {
    HttpResponse<String> response = health();
    for (int i = 0; i < 50 && response.body().contains("not checked yet"); i++) {
      Thread.sleep(100);
      response = health();
    }
    return response;
  }

  @Test
  void health_readsTheBackgroundCheck_andOpensNoSessionPerRequest() throws Exception {
    try (FaultySmtpServer relay = new FaultySmtpServer()) {
      harness =
          Harness.start(
              TestDatabase.Kind.H2, Map.of("TIDINGS_SMTP_PORT", String.valueOf(relay.port())));
      harness.tidings.serve();
      HttpResponse<String> first = settledHealth();
      assertThat(first.statusCode()).isEqualTo(200);
      int sessions = relay.sessionCount();

      for (int i = 0; i < 20; i++) {
        assertThat(health().statusCode()).isEqualTo(200);
      }

      assertThat(relay.sessionCount()).as("sessions opened by 20 requests").isEqualTo(sessions);
      JsonNode body = new ObjectMapper().readTree(health().body());
      assertThat(body.get("smtp").asText()).isEqualTo("ok");
      JsonNode detail = body.get("smtp_detail").get(0);
      assertThat(detail.get("name").asText()).isEqualTo("default");
      assertThat(detail.get("state").asText()).isEqualTo("ok");
      assertThat(detail.get("checked_seconds_ago").asLong()).isBetween(0L, 5L);
    }
  }

  @Test
  void relayThatIsDown_makesHealthDegraded_withTheReason() throws Exception {
    int closedPort;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      closedPort = probe.getLocalPort();
    }
    harness =
        Harness.start(
            TestDatabase.Kind.H2,
            Map.of("TIDINGS_SMTP_PORT", String.valueOf(closedPort), "TIDINGS_SMTP_TIMEOUT", "2s"));
    harness.tidings.serve();

    HttpResponse<String> response = settledHealth();

    assertThat(response.statusCode()).isEqualTo(503);
    JsonNode body = new ObjectMapper().readTree(response.body());
    assertThat(body.get("status").asText()).isEqualTo("degraded");
    assertThat(body.get("smtp").asText())
        .contains("default: unreachable")
        .contains("cannot connect");
    assertThat(body.get("smtp_detail").get(0).get("state").asText()).isEqualTo("unreachable");
  }
}
