package dev.tidings.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidings.Harness;
import dev.tidings.edition.Edition;
import dev.tidings.newsletter.Newsletter;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The edition controls over HTTP, without a browser: test send, pause, resume, cancel, retry of
 * failed deliveries and the progress JSON. The delivery engine does not run here (no serve), so
 * every state stays where the test puts it.
 */
class EditionAdminTest {
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
  void testSend_mailsOnePreviewToTheGivenAddress_andRecordsNoEdition() throws Exception {
    harness.article("Harbour reopens", "https://example.com/harbour", harness.clock.instant());
    HttpResponse<String> answer =
        browser.post("/admin/newsletters/weekly/test", "csrf", csrf, "email", "me@example.com");
    assertThat(answer.statusCode()).isEqualTo(302);
    assertThat(harness.smtp.waitForIncomingEmail(5000, 1)).isTrue();
    assertThat(harness.smtp.getReceivedMessages()[0].getSubject()).startsWith("[Test] ");
    assertThat(harness.tidings.editions().ofNewsletter(weekly.id(), 10)).isEmpty();

    HttpResponse<String> bad =
        browser.post("/admin/newsletters/weekly/test", "csrf", csrf, "email", "nobody");
    assertThat(bad.statusCode()).isEqualTo(422);
    assertThat(bad.body()).contains("is not a valid email address");
  }

  @Test
  void pauseResumeCancel_changeTheEditionState_andRefuseWhatDoesNotApply() throws Exception {
    Edition edition = harness.bulkEdition(weekly, 5);
    String path = "/admin/editions/" + edition.id();
    assertThat(browser.post(path + "/pause", "csrf", csrf).statusCode()).isEqualTo(302);
    assertThat(status(edition)).isEqualTo(Edition.Status.PAUSED);
    HttpResponse<String> again = browser.post(path + "/pause", "csrf", csrf);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.body()).contains("is paused and cannot be paused");
    assertThat(browser.post(path + "/resume", "csrf", csrf).statusCode()).isEqualTo(302);
    assertThat(status(edition)).isEqualTo(Edition.Status.SENDING);
    assertThat(browser.post(path + "/cancel", "csrf", csrf).statusCode()).isEqualTo(302);
    assertThat(status(edition)).isEqualTo(Edition.Status.CANCELLED);
    assertThat(harness.tidings.editions().progress(edition.id()).skipped()).isEqualTo(5);
    assertThat(browser.get("/admin/editions/999").statusCode()).isEqualTo(404);
  }

  @Test
  void editionPage_saysWhenNoRelayTakesMail_withTheRelaysReply() throws Exception {
    Edition edition = harness.bulkEdition(weekly, 2);
    String path = "/admin/editions/" + edition.id();
    assertThat(browser.get(path).body()).doesNotContain("relay-problem");

    harness
        .tidings
        .relayStatuses()
        .report(
            new dev.tidings.delivery.Relay.Status(
                "default",
                dev.tidings.delivery.Relay.State.REFUSING,
                "554 5.7.1 Sender address rejected",
                java.time.Duration.ofSeconds(30)));

    String page = browser.get(path).body();
    assertThat(page)
        .contains("id=\"relay-problem\"")
        .contains("nothing is counted against any subscriber")
        .contains("default: refusing (554 5.7.1 Sender address rejected), paused for 30 s more");
  }

  @Test
  void retryFailed_queuesTheFailedRowsAgain_andReopensASentEdition() throws Exception {
    Edition edition = harness.bulkEdition(weekly, 3);
    harness.update(
        "UPDATE deliveries SET status = 'failed', attempts = 8,"
            + " last_error = '550 no such user' WHERE edition_id = ?",
        edition.id());
    harness.update("UPDATE editions SET status = 'sent' WHERE id = ?", edition.id());
    String page = browser.get("/admin/editions/" + edition.id() + "?status=failed").body();
    assertThat(page).contains("550 no such user").contains("reader0@example.org");

    HttpResponse<String> retried =
        browser.post("/admin/editions/" + edition.id() + "/retry", "csrf", csrf);
    assertThat(retried.headers().firstValue("Location").orElseThrow()).endsWith("notice=retried");
    assertThat(status(edition)).isEqualTo(Edition.Status.SENDING);
    assertThat(harness.tidings.editions().progress(edition.id()).queued()).isEqualTo(3);

    JsonNode progress =
        new ObjectMapper()
            .readTree(browser.get("/admin/editions/" + edition.id() + "/progress").body());
    assertThat(progress.get("status").asText()).isEqualTo("sending");
    assertThat(progress.get("queued").asLong()).isEqualTo(3);
    assertThat(progress.get("total").asLong()).isEqualTo(3);
    assertThat(progress.get("final").asBoolean()).isFalse();
  }

  @Test
  void sendNow_withoutTheConfirmationTick_isRefusedWithTheField() throws Exception {
    harness.bulkSubscribers(weekly, 2);
    harness.article("Trains", "https://example.com/trains", harness.clock.instant());
    HttpResponse<String> answer =
        browser.json("POST", "/admin/newsletters/weekly/send", null, null);
    assertThat(answer.statusCode()).isEqualTo(403);
    HttpResponse<String> unticked = browser.post("/admin/newsletters/weekly/send", "csrf", csrf);
    assertThat(unticked.statusCode()).isEqualTo(422);
    assertThat(unticked.body()).contains("Tick the confirmation box");
    assertThat(harness.tidings.editions().ofNewsletter(weekly.id(), 10)).isEmpty();
  }

  private Edition.Status status(Edition edition) {
    return harness.tidings.editions().byId(edition.id()).status();
  }
}
