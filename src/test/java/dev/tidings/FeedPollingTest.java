package dev.tidings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.article.Article;
import dev.tidings.article.Feed;
import dev.tidings.article.FeedPoller;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Feeds served by a local HTTP server, polled into articles on H2: the RSS and Atom variants,
 * conditional GET, changed items, broken and slow feeds, and the back catalogue left out.
 */
class FeedPollingTest {
  private Harness harness;
  private FeedServer server;

  @BeforeEach
  void start() throws Exception {
    harness =
        Harness.start(
            TestDatabase.Kind.H2,
            Map.of(
                "TIDINGS_FEED_TIMEOUT", "1s",
                "TIDINGS_FEED_INTERVAL", "10m",
                "TIDINGS_FEED_BACKOFF_MAX", "1h",
                "TIDINGS_FEED_FAILING_AFTER", "3",
                "TIDINGS_FEED_MAX_AGE", "7d"));
    server = new FeedServer();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    harness.close();
  }

  private String date(Duration ago) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(
        harness.clock.instant().minus(ago).atOffset(ZoneOffset.UTC));
  }

  private String rssItem(String guid, String title, String body, Duration ago) {
    return "<item><guid isPermaLink=\"false\">"
        + guid
        + "</guid><title>"
        + title
        + "</title><link>/posts/"
        + guid
        + "</link><author>ann@example.com (Ann Lee)</author><category>News</category>"
        + "<pubDate>"
        + date(ago)
        + "</pubDate><description><![CDATA["
        + body
        + "]]></description></item>";
  }

  private String rss2(String... items) {
    return "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Site news</title>"
        + "<link>"
        + server.url("/")
        + "</link><description>d</description>"
        + String.join("", items)
        + "</channel></rss>";
  }

  private Feed add(String path) {
    return harness.tidings.feeds().add(server.url(path), null);
  }

  private FeedPoller.Result poll(Feed feed) {
    return harness.tidings.feedPoller().poll(harness.tidings.feeds().byId(feed.id()));
  }

  @Test
  void rssAndAtomVariants_becomeArticles() {
    server.serve(
        "/rss2.xml",
        FeedServer.Answer.feed(
            rss2(
                rssItem(
                    "a1",
                    "Bridge opens",
                    "<p>The new bridge opened today.</p>",
                    Duration.ofHours(2))),
            null));
    server.serve(
        "/rss091.xml",
        FeedServer.Answer.feed(
            "<?xml version=\"1.0\"?><rss version=\"0.91\"><channel><title>Old</title>"
                + "<link>https://old.example.com/</link><description>d</description><language>en</language>"
                + "<item><title>Market day moves</title><link>https://old.example.com/market</link>"
                + "<description>The weekly market moves to Friday.</description></item>"
                + "</channel></rss>",
            null));
    server.serve(
        "/rss10.xml",
        FeedServer.Answer.feed(
            "<?xml version=\"1.0\"?><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\""
                + " xmlns=\"http://purl.org/rss/1.0/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
                + "<channel rdf:about=\"https://rdf.example.com/\"><title>RDF</title>"
                + "<link>https://rdf.example.com/</link><description>d</description></channel>"
                + "<item rdf:about=\"https://rdf.example.com/library\"><title>Library hours extended</title>"
                + "<link>https://rdf.example.com/library</link><dc:creator>Bo Chen</dc:creator>"
                + "<dc:date>"
                + harness.clock.instant().minus(Duration.ofHours(3))
                + "</dc:date><description>The library now opens on Sundays.</description></item>"
                + "</rdf:RDF>",
            null));
    server.serve(
        "/atom.xml",
        FeedServer.Answer.feed(
            "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Atom</title>"
                + "<id>urn:atom</id><updated>2026-01-01T00:00:00Z</updated>"
                + "<entry><id>urn:entry:1</id><title>Park reopens</title>"
                + "<link href=\"https://atom.example.com/park\"/><author><name>Cy Dunn</name></author>"
                + "<updated>"
                + harness.clock.instant().minus(Duration.ofHours(1))
                + "</updated><content type=\"html\">&lt;p&gt;The park reopens after a year."
                + " &lt;img src=\"/img/park.jpg\" alt=\"The park gate\"&gt;&lt;/p&gt;</content>"
                + "</entry></feed>",
            null));
    for (String path : List.of("/rss2.xml", "/rss10.xml", "/atom.xml")) {
      FeedPoller.Result result = poll(add(path));
      assertThat(result.error()).as(path).isNull();
      assertThat(result.created()).as(path).isEqualTo(1);
    }
    // RSS 0.91 items have no date: at the feed's first read one is back catalogue; one that
    // appears later is new, dated when first seen.
    FeedServer.Answer rss091 = server.answer("/rss091.xml");
    server.serve(
        "/rss091.xml",
        FeedServer.Answer.feed(
            "<?xml version=\"1.0\"?><rss version=\"0.91\"><channel><title>Old</title>"
                + "<link>https://old.example.com/</link><description>d</description>"
                + "</channel></rss>",
            null));
    Feed old = add("/rss091.xml");
    assertThat(poll(old).created()).isZero();
    server.serve("/rss091.xml", rss091);
    FeedPoller.Result later = poll(old);
    assertThat(later.error()).isNull();
    assertThat(later.created()).isEqualTo(1);
    List<Article> articles = harness.tidings.articles().latest(10);
    assertThat(articles)
        .extracting(Article::title)
        .containsExactlyInAnyOrder(
            "Bridge opens", "Market day moves", "Library hours extended", "Park reopens");
    Article bridge = find(articles, "Bridge opens");
    assertThat(bridge.url()).isEqualTo(server.url("/posts/a1"));
    assertThat(bridge.tags()).isEqualTo("news");
    assertThat(find(articles, "Library hours extended").author()).isEqualTo("Bo Chen");
    Article park = find(articles, "Park reopens");
    assertThat(park.author()).isEqualTo("Cy Dunn");
    assertThat(park.bodyHtml())
        .contains("src=\"https://atom.example.com/img/park.jpg\"", "alt=\"The park gate\"");
  }

  @Test
  void secondPoll_sendsTheValidators_andA304ImportsNothing() {
    server.serve(
        "/feed.xml",
        FeedServer.Answer.feed(
            rss2(rssItem("a1", "First", "<p>First story text.</p>", Duration.ofHours(1))),
            "\"v1\""));
    Feed feed = add("/feed.xml");
    assertThat(poll(feed).created()).isEqualTo(1);
    FeedPoller.Result second = poll(feed);
    assertThat(second.notModified()).isTrue();
    assertThat(second.created() + second.updated()).isZero();
    List<FeedServer.Seen> requests = server.seen("/feed.xml");
    assertThat(requests.get(0).ifNoneMatch()).isNull();
    assertThat(requests.get(1).ifNoneMatch()).isEqualTo("\"v1\"");
    assertThat(requests.get(1).ifModifiedSince()).isEqualTo("Wed, 25 Nov 2026 10:00:00 GMT");
    assertThat(harness.tidings.articles().latest(10)).hasSize(1);
  }

  @Test
  void changedItem_updatesItsArticle_andRepeatsChangeNothing() {
    server.serve(
        "/feed.xml",
        FeedServer.Answer.feed(
            rss2(
                rssItem(
                    "a1",
                    "Council meets",
                    "<p>The council meets on Monday.</p>",
                    Duration.ofHours(5)),
                rssItem(
                    "a2", "Fair opens", "<p>The fair opens on Friday.</p>", Duration.ofHours(4))),
            "\"v1\""));
    Feed feed = add("/feed.xml");
    assertThat(poll(feed).created()).isEqualTo(2);
    server.serve(
        "/feed.xml",
        FeedServer.Answer.feed(
            rss2(
                rssItem(
                    "a1",
                    "Council meets on Tuesday",
                    "<p>The meeting moved to Tuesday.</p>",
                    Duration.ofHours(5)),
                rssItem(
                    "a2", "Fair opens", "<p>The fair opens on Friday.</p>", Duration.ofHours(4))),
            "\"v2\""));
    FeedPoller.Result changed = poll(feed);
    assertThat(changed.created()).isZero();
    assertThat(changed.updated()).isEqualTo(1);
    assertThat(changed.unchanged()).isEqualTo(1);
    List<Article> articles = harness.tidings.articles().latest(10);
    assertThat(articles).extracting(Article::title).contains("Council meets on Tuesday");
    assertThat(articles).hasSize(2);
    assertThat(find(articles, "Council meets on Tuesday").excerpt())
        .isEqualTo("The meeting moved to Tuesday.");
  }

  @Test
  void itemsWithoutGuid_areMatchedByUrlThenByContent() {
    String noGuidWithLink =
        "<item><title>Same link</title><link>https://site.example.com/same</link>"
            + "<pubDate>"
            + date(Duration.ofHours(1))
            + "</pubDate><description>Body one.</description></item>";
    String noGuidNoLink =
        "<item><title>No link</title><pubDate>"
            + date(Duration.ofHours(1))
            + "</pubDate><description>Only text.</description></item>";
    server.serve("/feed.xml", FeedServer.Answer.feed(rss2(noGuidWithLink, noGuidNoLink), null));
    Feed feed = add("/feed.xml");
    assertThat(poll(feed).created()).isEqualTo(2);
    FeedPoller.Result again = poll(feed);
    assertThat(again.created()).isZero();
    assertThat(again.unchanged()).isEqualTo(2);
    assertThat(harness.tidings.articles().latest(10)).hasSize(2);
  }

  @Test
  void brokenFeed_backsOff_isMarkedFailing_andRecoversWhenFixed() {
    server.serve("/broken.xml", FeedServer.Answer.feed("<rss><channel><item>oops", null));
    Feed feed = add("/broken.xml");
    FeedPoller poller = harness.tidings.feedPoller();
    List<FeedPoller.Result> first = poller.pollDue();
    assertThat(first)
        .singleElement()
        .satisfies(r -> assertThat(r.error()).contains("not a valid RSS or Atom feed"));
    // Due again only after the interval: polling right away fetches nothing.
    assertThat(poller.pollDue()).isEmpty();
    Feed after1 = harness.tidings.feeds().byId(feed.id());
    assertThat(Duration.between(harness.clock.instant(), after1.nextPollAt()))
        .isEqualTo(Duration.ofMinutes(10));
    harness.clock.advance(Duration.ofMinutes(10));
    assertThat(poller.pollDue()).hasSize(1);
    Feed after2 = harness.tidings.feeds().byId(feed.id());
    assertThat(Duration.between(harness.clock.instant(), after2.nextPollAt()))
        .isEqualTo(Duration.ofMinutes(20));
    assertThat(after2.status()).isEqualTo("active");
    harness.clock.advance(Duration.ofMinutes(20));
    assertThat(poller.pollDue()).hasSize(1);
    Feed after3 = harness.tidings.feeds().byId(feed.id());
    assertThat(after3.status()).isEqualTo("failing");
    assertThat(after3.consecutiveFailures()).isEqualTo(3);
    assertThat(after3.lastError()).contains("not a valid RSS or Atom feed");
    assertThat(server.seen("/broken.xml")).hasSize(3);

    server.serve(
        "/broken.xml",
        FeedServer.Answer.feed(
            rss2(rssItem("x", "Fixed", "<p>Works again.</p>", Duration.ofHours(1))), null));
    harness.clock.advance(Duration.ofMinutes(40));
    assertThat(poller.pollDue())
        .singleElement()
        .satisfies(r -> assertThat(r.created()).isEqualTo(1));
    Feed fixed = harness.tidings.feeds().byId(feed.id());
    assertThat(fixed.status()).isEqualTo("active");
    assertThat(fixed.consecutiveFailures()).isZero();
    assertThat(fixed.lastError()).isNull();
  }

  @Test
  void slowFeed_timesOut_andTheOtherFeedsAreStillPolled() {
    server.serve(
        "/slow.xml",
        FeedServer.Answer.status(
            200, rss2(rssItem("s", "Slow", "<p>Slow.</p>", Duration.ofHours(1))), 3000));
    server.serve(
        "/fast.xml",
        FeedServer.Answer.feed(
            rss2(rssItem("f", "Fast", "<p>Fast news.</p>", Duration.ofHours(1))), null));
    add("/slow.xml");
    add("/fast.xml");
    List<FeedPoller.Result> results = harness.tidings.feedPoller().pollDue();
    assertThat(results).hasSize(2);
    assertThat(results.get(0).error()).contains("no answer within 1s");
    assertThat(results.get(1).error()).isNull();
    assertThat(results.get(1).created()).isEqualTo(1);
    assertThat(harness.tidings.articles().latest(10))
        .extracting(Article::title)
        .containsExactly("Fast");
  }

  @Test
  void firstPoll_leavesOutTheBackCatalogue_andReportsItemErrors() {
    server.serve(
        "/feed.xml",
        FeedServer.Answer.feed(
            rss2(
                rssItem("new", "This week", "<p>Fresh news.</p>", Duration.ofDays(1)),
                rssItem("old1", "Last month", "<p>Old news.</p>", Duration.ofDays(30)),
                rssItem("old2", "Last year", "<p>Older news.</p>", Duration.ofDays(365)),
                "<item><guid isPermaLink=\"false\">empty</guid><title>Nothing in it</title></item>"),
            null));
    FeedPoller.Result result = poll(add("/feed.xml"));
    assertThat(result.created()).isEqualTo(1);
    assertThat(result.tooOld()).isEqualTo(2);
    assertThat(result.itemErrors())
        .singleElement()
        .asString()
        .contains("Nothing in it", "no text", "no title and link");
    assertThat(harness.tidings.articles().latest(10))
        .extracting(Article::title)
        .containsExactly("This week");
  }

  /**
   * RSS 0.91 with Netscape's DOCTYPE (a real capture) imports; a feed that declares an external
   * entity imports nothing of the file it names, and an entity bomb is refused. Before, any DOCTYPE
   * refused the whole feed.
   */
  @Test
  void aDoctype_isAccepted_butNoEntityIsLoadedOrExpanded() throws Exception {
    String netscape =
        java.nio.file.Files.readString(
            java.nio.file.Path.of("src/test/resources/corpus/feeds/rss091-netscape.rss"));
    server.serve("/rss091.xml", FeedServer.Answer.feed(netscape, null));
    FeedPoller.Result result = poll(add("/rss091.xml"));
    assertThat(result.error()).isNull();
    assertThat(result.backCatalogue()).as("undated items of a first read").isEqualTo(2);

    java.nio.file.Path secret = java.nio.file.Files.createTempFile("secret", ".txt");
    java.nio.file.Files.writeString(secret, "TOP-SECRET-CONTENT");
    String xxe =
        "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY x SYSTEM \""
            + secret.toUri()
            + "\">]><rss version=\"2.0\"><channel><title>t</title><link>"
            + server.url("/")
            + "</link><description>d</description><item><guid>x1</guid><title>Leak &x;</title>"
            + "<pubDate>"
            + date(Duration.ofHours(1))
            + "</pubDate><description>Body &x; here</description></item></channel></rss>";
    server.serve("/xxe.xml", FeedServer.Answer.feed(xxe, null));
    poll(add("/xxe.xml"));
    assertThat(harness.tidings.articles().latest(50))
        .allSatisfy(
            article -> {
              assertThat(article.title()).doesNotContain("TOP-SECRET");
              assertThat(article.bodyText()).doesNotContain("TOP-SECRET");
            });

    StringBuilder bomb = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE rss [");
    bomb.append("<!ENTITY a0 \"lol\">");
    for (int i = 1; i <= 10; i++) {
      bomb.append("<!ENTITY a").append(i).append(" \"");
      bomb.append(("&a" + (i - 1) + ";").repeat(10)).append("\">");
    }
    bomb.append("]><rss version=\"2.0\"><channel><title>&a10;</title><link>")
        .append(server.url("/"))
        .append("</link><description>d</description></channel></rss>");
    server.serve("/bomb.xml", FeedServer.Answer.feed(bomb.toString(), null));
    FeedPoller.Result exploded = poll(add("/bomb.xml"));
    assertThat(exploded.error()).as("an entity bomb is refused").contains("not a valid RSS");
  }

  /**
   * A category with commas is split into tags and one over 50 characters is cut at a word; the item
   * imports. Before, either dropped the whole item.
   */
  @Test
  void commasAndLongCategories_becomeTags_andTheItemImports() {
    String long70 = "A very long category name that goes on and on past the limit of fifty";
    server.serve(
        "/tags.xml",
        FeedServer.Answer.feed(
            rss2(
                rssItem("t1", "Budget day", "<p>The budget is out.</p>", Duration.ofHours(2))
                    .replace(
                        "<category>News</category>",
                        "<category>Politik, Wirtschaft</category><category>"
                            + long70
                            + "</category>")),
            null));
    FeedPoller.Result result = poll(add("/tags.xml"));
    assertThat(result.itemErrors()).isEmpty();
    assertThat(result.created()).isEqualTo(1);
    assertThat(find(harness.tidings.articles().latest(10), "Budget day").tags())
        .isEqualTo("politik,wirtschaft,a very long category name that goes on and on past");
  }

  /** A 410 Gone marks the feed gone, and the schedule polls it no more (before: forever). */
  @Test
  void aFeedThatIsGone_isMarkedGone_andNotPolledAgain() {
    server.serve("/gone.xml", FeedServer.Answer.status(410, "Gone", 0));
    Feed feed = add("/gone.xml");
    FeedPoller.Result result = poll(feed);
    assertThat(result.error()).contains("HTTP 410 Gone");
    Feed after = harness.tidings.feeds().byId(feed.id());
    assertThat(after.status()).isEqualTo("gone");
    assertThat(harness.tidings.feeds().due(harness.clock.instant().plus(Duration.ofDays(30))))
        .extracting(Feed::id)
        .doesNotContain(feed.id());

    server.serve("/gone.xml", FeedServer.Answer.feed(rss2(), null));
    poll(after);
    assertThat(harness.tidings.feeds().byId(feed.id()).status())
        .as("a feed that answers again is active")
        .isEqualTo("active");
  }

  private static Article find(List<Article> articles, String title) {
    return articles.stream().filter(a -> a.title().equals(title)).findFirst().orElseThrow();
  }

  /** A paused feed is left by the schedule, stays paused when polled by hand, and resumes. */
  @Test
  void aPausedFeed_isNotPolledOnTheSchedule_untilResumed() {
    server.serve(
        "/paused.xml",
        FeedServer.Answer.feed(
            rss2(rssItem("p1", "Paused", "<p>Paused news.</p>", Duration.ofHours(1))), null));
    Feed feed = add("/paused.xml");
    harness.tidings.feeds().setStatus(feed.id(), "paused");
    assertThat(harness.tidings.feedPoller().pollDue()).isEmpty();
    assertThat(poll(feed).created()).isEqualTo(1);
    assertThat(harness.tidings.feeds().byId(feed.id()).status()).isEqualTo("paused");
    assertThat(harness.tidings.feeds().byId(feed.id()).lastResult()).startsWith("1 new");
    harness.tidings.feeds().setStatus(feed.id(), "active");
    assertThat(harness.tidings.feedPoller().pollDue()).hasSize(1);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> harness.tidings.feeds().setStatus(feed.id(), "gone"))
        .hasMessageContaining("active or paused");
  }
}
