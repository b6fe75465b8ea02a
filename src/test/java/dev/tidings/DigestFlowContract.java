package dev.tidings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidings.article.Article;
import dev.tidings.edition.Edition;
import dev.tidings.edition.EditionPlanner;
import dev.tidings.newsletter.Newsletter;
import dev.tidings.newsletter.NewsletterDraft;
import dev.tidings.subscriber.Subscriber;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The core flow end to end, run once on MariaDB and once on H2 (see the two subclasses): articles
 * become an edition, the edition becomes delivered mail, links in the mail work.
 */
abstract class DigestFlowContract {
  private final TestDatabase.Kind kind;
  Harness harness;
  Newsletter weekly;

  DigestFlowContract(TestDatabase.Kind kind) {
    this.kind = kind;
  }

  @BeforeEach
  void start() throws Exception {
    harness = Harness.start(kind);
    weekly = harness.newsletter("weekly");
  }

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void scheduledFire_deliversDigest_withBothPartsHeadersAndWorkingLinks() throws Exception {
    harness.subscribers(weekly, "ann@example.com", "bob@example.com");
    harness.article(
        "Rivers are rising",
        "https://example.com/rivers",
        harness.clock.instant().minus(Duration.ofHours(2)));
    harness.article(
        "Bridges reopen",
        "https://example.com/bridges",
        harness.clock.instant().minus(Duration.ofHours(1)));
    // A cron one second ahead, fired by Quartz on the JDBC job store.
    harness
        .tidings
        .newsletters()
        .update(
            weekly.id(),
            new NewsletterDraft(
                "weekly",
                weekly.name(),
                "* * * * * ?",
                "Europe/Berlin",
                "news@example.com",
                "Tidings Team",
                "editor@example.com",
                null,
                null,
                1,
                10,
                null,
                true));
    harness.tidings.serve();

    List<MimeMessage> received = awaitMessages(2, Duration.ofSeconds(30));

    assertThat(received).hasSize(2);
    MimeMessage message =
        received.stream()
            .filter(m -> address(m).equals("ann@example.com"))
            .findFirst()
            .orElseThrow();
    assertThat(message.getSubject()).startsWith("The weekly digest");
    assertThat(message.getHeader("List-Unsubscribe-Post")[0])
        .isEqualTo("List-Unsubscribe=One-Click");
    String listUnsubscribe = message.getHeader("List-Unsubscribe")[0];
    assertThat(listUnsubscribe).contains("<http://").contains("<mailto:editor@example.com");
    Subscriber ann = harness.tidings.subscribers().byEmail("ann@example.com");
    assertThat(message.getMessageID()).matches("<tidings\\.\\d+\\." + ann.id() + "@example\\.com>");
    assertThat(message.getFrom()[0].toString()).isEqualTo("Tidings Team <news@example.com>");
    Multipart alternative = (Multipart) message.getContent();
    assertThat(alternative.getContentType()).startsWith("multipart/alternative");
    assertThat(alternative.getBodyPart(0).getContentType())
        .contains("text/plain")
        .containsIgnoringCase("utf-8");
    assertThat(alternative.getBodyPart(1).getContentType()).contains("text/html");
    String text = (String) alternative.getBodyPart(0).getContent();
    String html = (String) alternative.getBodyPart(1).getContent();
    assertThat(text).contains("Rivers are rising").contains("Bridges reopen").contains("Ann");
    assertThat(html).contains("https://example.com/rivers").contains("Hello Ann");
    assertThat(text.lines().mapToInt(String::length).max().orElse(0)).isLessThanOrEqualTo(998);

    // The links in the mail work against the running server.
    String base = "http://127.0.0.1:" + harness.tidings.httpPort();
    String unsubscribe =
        firstLink(html, "/unsubscribe/").replaceFirst("^http://localhost:\\d+", base);
    String view = firstLink(html, "/archive/").replaceFirst("^http://localhost:\\d+", base);
    String preferences =
        firstLink(html, "/preferences/").replaceFirst("^http://localhost:\\d+", base);
    assertThat(get(view).statusCode()).isEqualTo(200);
    assertThat(get(view).body()).contains("Rivers are rising").doesNotContain("/unsubscribe/");
    assertThat(get(preferences).statusCode()).isEqualTo(200);
    String metrics = get(base + "/metrics").body();
    assertThat(metrics)
        .contains("tidings_deliveries_total{outcome=\"sent\"} 2.0")
        .contains("tidings_smtp_send_seconds_count");
    HttpResponse<String> page = get(unsubscribe);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("Unsubscribe");
    assertThat(harness.tidings.subscribers().subscriptions(ann.id()).get(0).active())
        .as("GET never unsubscribes")
        .isTrue();
    HttpResponse<String> oneClick =
        post(unsubscribe, "application/x-www-form-urlencoded", "List-Unsubscribe=One-Click");
    assertThat(oneClick.statusCode()).isEqualTo(200);
    assertThat(harness.tidings.subscribers().subscriptions(ann.id()).get(0).active()).isFalse();
    assertThat(
            post(unsubscribe, "application/x-www-form-urlencoded", "List-Unsubscribe=One-Click")
                .statusCode())
        .as("idempotent")
        .isEqualTo(200);
  }

  @Test
  void articleAppearsInExactlyOneEdition_acrossRunsFailuresAndLateFires() throws Exception {
    harness.subscribers(weekly, "ann@example.com");
    Article first =
        harness.article(
            "First", "https://example.com/1", harness.clock.instant().minus(Duration.ofHours(3)));
    Edition one = plan();
    assertThat(one.status()).isEqualTo(Edition.Status.SENDING);
    assertThat(articleIds(one)).containsExactly(first.id());

    Edition again = plan();
    assertThat(again.status()).isEqualTo(Edition.Status.SKIPPED);
    assertThat(again.statusReason()).isEqualTo("no new articles");

    // A template set that does not compile is refused when the newsletter is saved...
    Article second =
        harness.article(
            "Second",
            "https://example.com/2",
            harness.clock.instant().minus(Duration.ofMinutes(5)));
    assertThatThrownBy(() -> harness.tidings.newsletters().update(weekly.id(), draft("broken")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("template set 'broken' cannot be used");
    // ...and a run of one that broke after it was chosen (its files edited on disk) fails,
    // writing nothing and losing nothing.
    harness.update("UPDATE newsletters SET template_set = 'broken' WHERE id = ?", weekly.id());
    Newsletter broken = harness.tidings.newsletters().byId(weekly.id());
    assertThatThrownBy(
            () -> harness.tidings.planner().plan(broken, EditionPlanner.Trigger.manual("test")))
        .hasMessageContaining("broken");
    assertThat(harness.tidings.editions().ofNewsletter(weekly.id(), 10)).hasSize(2);

    // A scheduled fire, repeated (retry, second process): one edition, carrying the article.
    Newsletter fixed = harness.tidings.newsletters().update(weekly.id(), draft("default"));
    Instant fireTime = harness.clock.instant();
    Edition scheduled =
        harness.tidings.planner().plan(fixed, EditionPlanner.Trigger.scheduled(fireTime));
    Edition repeated =
        harness.tidings.planner().plan(fixed, EditionPlanner.Trigger.scheduled(fireTime));
    assertThat(repeated.id()).isEqualTo(scheduled.id());
    assertThat(articleIds(scheduled)).containsExactly(second.id());

    // An article updated after it went out does not go out again.
    harness.article(
        "First, corrected",
        "https://example.com/1",
        harness.clock.instant().minus(Duration.ofHours(3)));
    assertThat(harness.tidings.planner().nextArticles(fixed)).isEmpty();

    // Future articles wait; articles older than the maximum age never go.
    harness.article(
        "Tomorrow", "https://example.com/3", harness.clock.instant().plus(Duration.ofDays(1)));
    harness.article(
        "Ancient", "https://example.com/4", harness.clock.instant().minus(Duration.ofDays(30)));
    assertThat(harness.tidings.planner().nextArticles(fixed)).isEmpty();
    harness.clock.advance(Duration.ofDays(2));
    assertThat(harness.tidings.planner().nextArticles(fixed))
        .extracting(Article::title)
        .containsExactly("Tomorrow");
  }

  @Test
  void emptyEdition_isSkipped_andSendsNothing() throws Exception {
    harness.subscribers(weekly, "ann@example.com");
    Edition edition = plan();
    assertThat(edition.status()).isEqualTo(Edition.Status.SKIPPED);
    assertThat(harness.tidings.editions().progress(edition.id()).total()).isZero();
  }

  @Test
  void unsubscribedSubscriber_getsNothing_evenAfterFanOut() throws Exception {
    harness.subscribers(weekly, "ann@example.com", "bob@example.com", "cy@example.com");
    Subscriber bob = harness.tidings.subscribers().byEmail("bob@example.com");
    Subscriber cy = harness.tidings.subscribers().byEmail("cy@example.com");
    harness.tidings.subscribers().unsubscribe(bob.id(), weekly.id());
    harness.article(
        "News", "https://example.com/n", harness.clock.instant().minus(Duration.ofHours(1)));
    Edition edition = plan();
    assertThat(edition.recipientCount()).isEqualTo(2);
    // Cy leaves after the fan-out, before the send: honoured at send time.
    harness.tidings.subscribers().unsubscribe(cy.id(), 0);

    harness.tidings.engine().runEdition(edition.id());

    assertThat(Arrays.stream(harness.smtp.getReceivedMessages()).map(this::address))
        .containsExactly("ann@example.com");
    var progress = harness.tidings.editions().progress(edition.id());
    assertThat(progress.sent()).isEqualTo(1);
    assertThat(progress.skipped()).isEqualTo(1);
    assertThat(harness.tidings.editions().byId(edition.id()).status())
        .isEqualTo(Edition.Status.SENT);
  }

  @Test
  void forgedToken_isRefused_andChangesNothing() throws Exception {
    harness.subscribers(weekly, "ann@example.com");
    Subscriber ann = harness.tidings.subscribers().byEmail("ann@example.com");
    harness.tidings.serve();
    String base = "http://127.0.0.1:" + harness.tidings.httpPort();
    String genuine = harness.tidings.links().unsubscribeToken(ann.id(), weekly.id());
    String otherSubscriber = (ann.id() + 1) + genuine.substring(genuine.indexOf('-'));
    String alteredSignature = genuine.substring(0, genuine.length() - 2) + "AA";
    for (String forged : List.of(otherSubscriber, alteredSignature, "1-1-x", "garbage")) {
      HttpResponse<String> response =
          post(
              base + "/unsubscribe/" + forged,
              "application/x-www-form-urlencoded",
              "List-Unsubscribe=One-Click");
      assertThat(response.statusCode()).as(forged).isBetween(400, 499);
    }
    assertThat(harness.tidings.subscribers().subscriptions(ann.id()).get(0).active()).isTrue();
    HttpResponse<String> multipart =
        post(
            base + "/unsubscribe/" + genuine,
            "multipart/form-data; boundary=XyZ",
            "--XyZ\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\n"
                + "One-Click\r\n--XyZ--\r\n");
    assertThat(multipart.statusCode()).isEqualTo(200);
    assertThat(harness.tidings.subscribers().subscriptions(ann.id()).get(0).active()).isFalse();
  }

  @Test
  void csvImport_reportsBadRowsByLine_andReimportUpdatesWithoutDuplicates() throws Exception {
    Path csv = Files.createTempFile("subscribers", ".csv");
    Files.writeString(
        csv,
        "email,name\n"
            + "ann@example.com,Ann\n"
            + "not-an-address,Nobody\n"
            + "  BOB@Example.COM ,Bob\n"
            + "\"carol@example.com\",\"Carol, Jr.\"\n"
            + "dave@exa mple.com,Dave\n");
    var first = harness.tidings.subscriberImport().run(csv, weekly.id(), true);
    assertThat(first.added()).isEqualTo(3);
    assertThat(first.problems()).hasSize(2);
    assertThat(first.problems().get(0)).startsWith("line 3:").contains("not-an-address");
    assertThat(first.problems().get(1)).startsWith("line 6:");

    Files.writeString(csv, "email,name\nann@example.com,Ann Smith\nerin@example.com,Erin\n");
    var second = harness.tidings.subscriberImport().run(csv, weekly.id(), true);
    assertThat(second.added()).isEqualTo(1);
    assertThat(second.updated()).isEqualTo(1);
    assertThat(harness.tidings.subscribers().byEmail("bob@example.com").name()).isEqualTo("Bob");
    assertThat(harness.tidings.subscribers().byEmail("ann@example.com").name())
        .isEqualTo("Ann Smith");
    assertThat(harness.tidings.subscribers().byEmail("carol@example.com").name())
        .isEqualTo("Carol, Jr.");
    assertThat(harness.tidings.newsletters().activeSubscriberCounts().get(weekly.id()))
        .isEqualTo(4);
  }

  @Test
  void reimport_neverRevivesAnUnsubscribedAddress() throws Exception {
    harness.subscribers(weekly, "ann@example.com");
    Subscriber ann = harness.tidings.subscribers().byEmail("ann@example.com");
    harness.tidings.subscribers().unsubscribe(ann.id(), 0);
    harness.subscribers(weekly, "ann@example.com");
    assertThat(harness.tidings.subscribers().byEmail("ann@example.com").status())
        .isEqualTo(Subscriber.Status.UNSUBSCRIBED);
    assertThat(harness.tidings.subscribers().subscriptions(ann.id()).get(0).active()).isFalse();
  }

  private NewsletterDraft draft(String templateSet) {
    return new NewsletterDraft(
        "weekly",
        weekly.name(),
        "0 8 * * 1",
        "Europe/Berlin",
        "news@example.com",
        "Tidings Team",
        "editor@example.com",
        null,
        templateSet,
        1,
        10,
        null,
        true);
  }

  private Edition plan() {
    return harness
        .tidings
        .planner()
        .plan(
            harness.tidings.newsletters().byId(weekly.id()), EditionPlanner.Trigger.manual("test"));
  }

  private List<Long> articleIds(Edition edition) {
    return harness.query(
        harness.tidings.database().sql("edition-articles"), row -> row.getLong("id"), edition.id());
  }

  private List<MimeMessage> awaitMessages(int count, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (harness.smtp.getReceivedMessages().length >= count) {
        break;
      }
      Thread.sleep(100);
    }
    Thread.sleep(300);
    return new ArrayList<>(Arrays.asList(harness.smtp.getReceivedMessages()));
  }

  private String address(MimeMessage message) {
    try {
      return ((jakarta.mail.internet.InternetAddress) message.getAllRecipients()[0]).getAddress();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String firstLink(String html, String path) {
    Matcher matcher =
        Pattern.compile("href=\"(http[^\"]*" + Pattern.quote(path) + "[^\"]*)\"").matcher(html);
    assertThat(matcher.find()).as("a link to " + path).isTrue();
    return matcher.group(1).replace("&#61;", "=").replace("&amp;", "&");
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String url, String type, String body) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
