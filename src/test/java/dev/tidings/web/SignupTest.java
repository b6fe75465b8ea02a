package dev.tidings.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.Harness;
import dev.tidings.TestDatabase;
import dev.tidings.newsletter.Newsletter;
import dev.tidings.subscriber.Subscriber;
import dev.tidings.subscriber.Subscription;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Double opt-in through /subscribe and /confirm, its consent record and its bot defences. */
class SignupTest {
  private Harness harness;
  private Browser browser;
  private Newsletter weekly;

  @BeforeEach
  void start() throws Exception {
    harness = Harness.start(TestDatabase.Kind.H2, Map.of("TIDINGS_SUBSCRIBE_PER_HOUR", "4"));
    weekly = harness.newsletter("weekly");
    harness.newsletter("daily");
    harness.tidings.serve();
    browser = new Browser("http://127.0.0.1:" + harness.tidings.httpPort());
  }

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void signUp_staysPendingUntilConfirmed_thenActiveWithConsent() throws Exception {
    HttpResponse<String> answer =
        browser.post(
            "/subscribe",
            "email",
            "Ann@Example.com",
            "name",
            "Ann",
            "newsletter",
            "weekly",
            "form",
            "blog-footer");
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).contains("Check your inbox");
    Subscriber pending = harness.tidings.subscribers().byEmail("ann@example.com");
    assertThat(pending.status()).isEqualTo(Subscriber.Status.PENDING);
    assertThat(harness.tidings.subscribers().subscriptions(pending.id()))
        .extracting(Subscription::newsletterSlug, Subscription::status)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("weekly", "pending"));

    assertThat(harness.smtp.waitForIncomingEmail(5000, 1)).isTrue();
    MimeMessage mail = harness.smtp.getReceivedMessages()[0];
    assertThat(mail.getSubject()).contains("Please confirm").contains("The weekly digest");
    String path = confirmPath(mail);
    HttpResponse<String> page = browser.get(path);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("Confirm your subscription");
    assertThat(harness.tidings.subscribers().byEmail("ann@example.com").status())
        .as("showing the page confirms nothing")
        .isEqualTo(Subscriber.Status.PENDING);

    HttpResponse<String> confirmed = browser.post(path);
    assertThat(confirmed.body()).contains("Your subscription is confirmed");
    Subscriber active = harness.tidings.subscribers().byEmail("ann@example.com");
    assertThat(active.status()).isEqualTo(Subscriber.Status.ACTIVE);
    assertThat(active.consentAt()).isEqualTo(harness.clock.instant());
    assertThat(active.consentMethod()).isEqualTo("double-opt-in");
    assertThat(active.consentSource()).isEqualTo("blog-footer");
    assertThat(signups().consentAddress(active.id())).contains("127.0.0.1");
    assertThat(harness.tidings.subscribers().subscriptions(active.id()))
        .extracting(Subscription::status)
        .containsExactly("active");
  }

  @Test
  void knownAndSuppressedAddresses_getTheSameAnswer_andSuppressedGetNoMail() throws Exception {
    harness.subscribers(weekly, "old@example.com");
    harness.tidings.subscribers().suppress("gone@example.com", "manual", "test");
    String known =
        browser.post("/subscribe", "email", "old@example.com", "newsletter", "weekly").body();
    String suppressed =
        browser.post("/subscribe", "email", "gone@example.com", "newsletter", "weekly").body();
    String fresh =
        browser.post("/subscribe", "email", "new@example.com", "newsletter", "weekly").body();
    assertThat(known).isEqualTo(fresh).isEqualTo(suppressed);
    assertThat(harness.smtp.waitForIncomingEmail(5000, 2)).isTrue();
    assertThat(harness.smtp.getReceivedMessages())
        .extracting(message -> message.getAllRecipients()[0].toString())
        .containsExactlyInAnyOrder("old@example.com", "new@example.com");
    assertThat(harness.tidings.subscribers().findByEmail("gone@example.com")).isEmpty();
    assertThat(harness.tidings.subscribers().byEmail("old@example.com").status())
        .isEqualTo(Subscriber.Status.ACTIVE);
  }

  @Test
  void honeypot_isAnsweredLikeASignUp_butStoresAndSendsNothing() throws Exception {
    HttpResponse<String> answer =
        browser.post(
            "/subscribe",
            "email",
            "bot@example.com",
            "newsletter",
            "weekly",
            "website",
            "http://spam.example");
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).contains("Check your inbox");
    assertThat(harness.tidings.subscribers().findByEmail("bot@example.com")).isEmpty();
    assertThat(harness.smtp.getReceivedMessages()).isEmpty();
  }

  @Test
  void badInput_isShownWithTheProblem_andNothingIsStored() throws Exception {
    HttpResponse<String> bad = browser.post("/subscribe", "email", "not-an-address");
    assertThat(bad.statusCode()).isEqualTo(422);
    assertThat(bad.body())
        .contains("Enter a valid email address")
        .contains("Choose at least one newsletter");
    HttpResponse<String> unknown =
        browser.post("/subscribe", "email", "x@example.com", "newsletter", "nope");
    assertThat(unknown.statusCode()).isEqualTo(422);
    assertThat(unknown.body()).contains("does not exist");
    assertThat(harness.tidings.subscribers().findByEmail("x@example.com")).isEmpty();
  }

  @Test
  void oneClient_isLimitedPerHour() throws Exception {
    for (int i = 0; i < 4; i++) {
      assertThat(
              browser
                  .post("/subscribe", "email", "r" + i + "@example.com", "newsletter", "daily")
                  .statusCode())
          .isEqualTo(200);
    }
    HttpResponse<String> limited =
        browser.post("/subscribe", "email", "r9@example.com", "newsletter", "daily");
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).isPresent();
    assertThat(harness.tidings.subscribers().findByEmail("r9@example.com")).isEmpty();
  }

  @Test
  void forgedConfirmation_isRefused_andAPendingUnsubscribeTokenCannotConfirm() throws Exception {
    browser.post("/subscribe", "email", "eve@example.com", "newsletter", "weekly");
    long id = harness.tidings.subscribers().byEmail("eve@example.com").id();
    String unsubscribeToken = harness.tidings.links().unsubscribeToken(id, 0);
    assertThat(browser.post("/confirm/" + unsubscribeToken).statusCode()).isEqualTo(400);
    assertThat(browser.post("/confirm/" + id + "-0-AAAAAAAAAAAAAAAAAAAAAA").statusCode())
        .isEqualTo(400);
    assertThat(harness.tidings.subscribers().byEmail("eve@example.com").status())
        .isEqualTo(Subscriber.Status.PENDING);
  }

  @Test
  void subscribePage_listsTheNewsletters_withAHiddenHoneypot() throws Exception {
    HttpResponse<String> page = browser.get("/subscribe?newsletter=daily");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("value=\"weekly\"")
        .contains("value=\"daily\" checked")
        .contains("class=\"hp\" aria-hidden=\"true\"");
  }

  /**
   * The preferences link is in every mail, so a forwarded mail opens it: it shows the address
   * masked, and a newsletter added there needs a confirmation mailed to the address, as on
   * /subscribe. Before, the page showed the whole address and added newsletters at once.
   */
  @Test
  void preferences_offerNewslettersNeverHad_andAddOneOnlyByConfirmation() throws Exception {
    harness.subscribers(weekly, "pat@example.com");
    long id = harness.tidings.subscribers().byEmail("pat@example.com").id();
    String path = harness.tidings.links().preferences(id).replaceFirst("^http://[^/]+", "");
    HttpResponse<String> page = browser.get(path);
    assertThat(page.body())
        .contains("The daily digest", "The weekly digest", "p***@example.com")
        .doesNotContain("pat@example.com");
    long daily = harness.tidings.newsletters().bySlug("daily").id();
    HttpResponse<String> saved =
        browser.post(
            path,
            "name",
            "Pat",
            "newsletter",
            String.valueOf(weekly.id()),
            "newsletter",
            String.valueOf(daily));
    assertThat(saved.body()).contains("follow the link in the email").doesNotContain("pat@");
    assertThat(harness.tidings.subscribers().subscriptions(id))
        .extracting(Subscription::newsletterSlug, Subscription::status)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("weekly", "active"));

    assertThat(harness.smtp.waitForIncomingEmail(5000, 1)).isTrue();
    browser.post(confirmPath(harness.smtp.getReceivedMessages()[0]));
    assertThat(harness.tidings.subscribers().subscriptions(id))
        .extracting(Subscription::newsletterSlug, Subscription::status)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("weekly", "active"),
            org.assertj.core.groups.Tuple.tuple("daily", "active"));
  }

  /**
   * A sign-up for a known address changes nothing before its confirmation: not the name (a
   * spreadsheet formula typed as the name reached the next digest's greeting and To: before), not
   * the status, not the subscriptions. Confirmed by the owner, the name is theirs to set.
   */
  @Test
  void aSignUpForAKnownAddress_changesNothingUntilConfirmed() throws Exception {
    harness.subscribers(weekly, "ann@example.com");
    long id = harness.tidings.subscribers().byEmail("ann@example.com").id();
    String formula = "=HYPERLINK(\"https://evil.example\",\"Ann\")";
    browser.post("/subscribe", "email", "ann@example.com", "name", formula, "newsletter", "daily");
    Subscriber after = harness.tidings.subscribers().byEmail("ann@example.com");
    assertThat(after.name()).isEqualTo("Ann");
    assertThat(after.status()).isEqualTo(Subscriber.Status.ACTIVE);
    assertThat(harness.tidings.subscribers().subscriptions(id))
        .extracting(Subscription::newsletterSlug, Subscription::status)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("weekly", "active"));

    assertThat(harness.smtp.waitForIncomingEmail(5000, 1)).isTrue();
    MimeMessage mail = harness.smtp.getReceivedMessages()[0];
    assertThat(raw(mail)).doesNotContain("HYPERLINK", "evil.example");
    browser.post(confirmPath(mail));
    assertThat(harness.tidings.subscribers().byEmail("ann@example.com").name()).isEqualTo(formula);
    assertThat(harness.tidings.subscribers().subscriptions(id))
        .extracting(Subscription::newsletterSlug, Subscription::status)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("weekly", "active"),
            org.assertj.core.groups.Tuple.tuple("daily", "active"));
  }

  /**
   * One link confirms what was asked for when it was mailed, and only for {@value
   * dev.tidings.subscriber.Signups#VALID_DAYS} days; followed again it shows the state. Before, the
   * token was the same for every sign-up of an address and never expired, so an old link confirmed
   * newsletters someone else asked for later.
   */
  @Test
  void aConfirmationLink_coversItsOwnSignUp_expires_andShowsTheStateWhenFollowedAgain()
      throws Exception {
    browser.post("/subscribe", "email", "bo@example.com", "newsletter", "weekly");
    assertThat(harness.smtp.waitForIncomingEmail(5000, 1)).isTrue();
    String first = confirmPath(harness.smtp.getReceivedMessages()[0]);
    browser.post("/subscribe", "email", "bo@example.com", "newsletter", "daily");
    assertThat(harness.smtp.waitForIncomingEmail(5000, 2)).isTrue();
    String second = confirmPath(harness.smtp.getReceivedMessages()[1]);
    assertThat(second).isNotEqualTo(first);

    assertThat(browser.post(first).body()).contains("Your subscription is confirmed");
    long id = harness.tidings.subscribers().byEmail("bo@example.com").id();
    assertThat(harness.tidings.subscribers().subscriptions(id))
        .extracting(Subscription::newsletterSlug, Subscription::status)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("weekly", "active"));
    HttpResponse<String> again = browser.get(first);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.body()).contains("Your subscription is confirmed").doesNotContain("<form");

    harness.clock.advance(java.time.Duration.ofDays(8));
    HttpResponse<String> late = browser.post(second);
    assertThat(late.statusCode()).isEqualTo(410);
    assertThat(late.body()).contains("This link has expired");
    assertThat(browser.get(second).statusCode()).isEqualTo(410);
    assertThat(harness.tidings.subscribers().subscriptions(id))
        .extracting(Subscription::newsletterSlug, Subscription::status)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("weekly", "active"));
  }

  /**
   * Sign-up bombing: an address gets at most {@value dev.tidings.subscriber.Signups#PER_DAY}
   * confirmation mails a day, whoever asks, and the mail carries nothing the asker typed but the
   * address.
   */
  @Test
  void oneAddress_getsAFewConfirmationsADay_withNothingTypedInThem() throws Exception {
    for (int i = 0; i < 4; i++) {
      assertThat(
              browser
                  .post(
                      "/subscribe",
                      "email",
                      "victim@example.com",
                      "name",
                      "You won 1000 EUR! Claim it at https://evil.example/" + i,
                      "newsletter",
                      "weekly")
                  .statusCode())
          .isEqualTo(200);
    }
    assertThat(harness.smtp.waitForIncomingEmail(5000, 3)).isTrue();
    Thread.sleep(500); // the fourth, if it were sent, is on its way by now
    assertThat(harness.smtp.getReceivedMessages()).hasSize(3);
    for (MimeMessage mail : harness.smtp.getReceivedMessages()) {
      assertThat(raw(mail)).doesNotContain("You won", "evil.example");
    }
  }

  /** The answer to a sign-up never waits for the relay, so it cannot be 503 for a relay fault. */
  @Test
  void aSignUp_isAnsweredTheSameWhileTheRelayIsDown_andTheMailFollows() throws Exception {
    harness.smtp.stop();
    HttpResponse<String> answer =
        browser.post("/subscribe", "email", "cy@example.com", "newsletter", "weekly");
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).contains("Check your inbox");
    assertThat(harness.tidings.subscribers().byEmail("cy@example.com").status())
        .isEqualTo(Subscriber.Status.PENDING);
  }

  private static String raw(MimeMessage mail) throws Exception {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    mail.writeTo(out);
    // Soft line breaks of quoted-printable joined, encoded words decoded: the text as read.
    return jakarta.mail.internet.MimeUtility.decodeText(
        out.toString(java.nio.charset.StandardCharsets.UTF_8).replace("=\r\n", ""));
  }

  @Test
  void archiveFeed_listsEditions_withoutPersonalLinks() throws Exception {
    harness.subscribers(weekly, "ann@example.com");
    harness.article("Rivers & <rain>", "https://example.com/rivers", harness.clock.instant());
    var edition =
        harness
            .tidings
            .planner()
            .plan(weekly, dev.tidings.edition.EditionPlanner.Trigger.manual("test"));
    HttpResponse<String> feed = browser.get("/archive/weekly/feed.xml");
    assertThat(feed.statusCode()).isEqualTo(200);
    assertThat(feed.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/rss+xml");
    assertThat(feed.body())
        .startsWith("<?xml")
        .contains("<rss version=\"2.0\">")
        .contains("/archive/weekly/" + edition.id() + "</link>")
        .contains("Rivers &amp;amp; &amp;lt;rain&amp;gt;")
        .doesNotContain("/unsubscribe/")
        .doesNotContain("/preferences/");
    assertThat(browser.get("/archive/nope/feed.xml").statusCode()).isEqualTo(404);
    assertThat(browser.get("/archive").body()).contains("/archive/weekly/feed.xml");
  }

  private dev.tidings.subscriber.Signups signups() {
    return new dev.tidings.subscriber.Signups(
        harness.tidings.database(), harness.tidings.subscribers(), harness.clock);
  }

  static String confirmPath(MimeMessage mail) throws Exception {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    mail.writeTo(out);
    Matcher matcher =
        Pattern.compile("(/confirm/[0-9]+-[0-9]+-[A-Za-z0-9_-]{22})")
            .matcher(out.toString(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(matcher.find()).as("a confirmation link in the mail").isTrue();
    return matcher.group(1);
  }
}
