package dev.tidings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.article.Article;
import dev.tidings.article.ArticleStore;
import dev.tidings.article.Feed;
import dev.tidings.article.FeedPoller;
import dev.tidings.edition.Edition;
import dev.tidings.edition.EditionPlanner;
import dev.tidings.newsletter.Newsletter;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every real feed of {@code src/test/resources/corpus/feeds}, served over HTTP with the
 * Content-Type {@code SOURCES.md} gives, polled into articles, checked item by item: a title in
 * plain text (decoded once, no markup, no mojibake), an absolute link, the date rule, an excerpt
 * without markup or aggregator boilerplate, a picture that is no tracking pixel, and nothing new or
 * changed on a second poll. Then the digest of those articles, as a real SMTP server receives it,
 * holds their characters in both parts. The files that are no feed are refused with a reason.
 */
class FeedCorpusTest {
  /** Items a file holds that cannot be articles, and why (no title, link or text). */
  private static final Map<String, Integer> BAD_ITEMS = Map.of("fp-relative-link-only.rss", 1);

  /** Files that are no readable feed, with what the refusal must say. */
  private static final Map<String, String> REFUSED =
      Map.of(
          "not-a-feed.html", "an HTML page, not an RSS or Atom feed",
          "fp-incomplete-cdata.rss", "not a valid RSS or Atom feed",
          "fp-undeclared-ns.rss", "not a valid RSS or Atom feed");

  private static final Pattern ITEM = Pattern.compile("<(item|entry)[\\s>]");
  private static final Pattern MARKUP = Pattern.compile("&#|&amp;|&lt;|&gt;|&quot;|</?[a-zA-Z]");
  private static final Pattern MOJIBAKE = Pattern.compile("\\uFFFD|[ÃÂ][\\u0080-\\u00BF]");

  private Harness harness;
  private FeedServer server;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (harness != null) {
      harness.close();
    }
  }

  private void start(String maxAge) throws Exception {
    harness = Harness.start(TestDatabase.Kind.H2, Map.of("TIDINGS_FEED_MAX_AGE", maxAge));
    server = new FeedServer();
  }

  /** Serves the capture as a site would and adds it as a feed. */
  private Feed add(String file) throws Exception {
    byte[] bytes = Files.readAllBytes(FeedCorpusSurvey.CORPUS.resolve(file));
    server.serve(
        "/" + file, FeedServer.Answer.file(bytes, FeedCorpusSurvey.contentType(file), null));
    return harness.tidings.feeds().add(server.url("/" + file), null);
  }

  private FeedPoller.Result poll(Feed feed) {
    return harness.tidings.feedPoller().poll(harness.tidings.feeds().byId(feed.id()));
  }

  private List<Article> articlesOf(Feed feed) {
    return harness.query(
        "SELECT * FROM articles WHERE feed_id = ? ORDER BY id", ArticleStore::map, feed.id());
  }

  private static int itemsIn(String file) throws Exception {
    String text =
        new String(
            Files.readAllBytes(FeedCorpusSurvey.CORPUS.resolve(file)),
            java.nio.charset.StandardCharsets.ISO_8859_1);
    return (int) ITEM.matcher(text).results().count();
  }

  /**
   * The feeds as if known before their items appeared (read once, then these items new): every good
   * item becomes an article, dated by the feed or, undated, at the poll that first saw it.
   */
  @Test
  void everyCorpusFeed_importsEachGoodItem_asAReaderShouldSeeIt() throws Exception {
    start("36500d");
    Instant firstSeen = harness.clock.instant();
    List<String> checked = new ArrayList<>();
    for (String file : FeedCorpusSurvey.files()) {
      Feed feed = add(file);
      harness.update(
          "UPDATE feeds SET first_read_at = ? WHERE id = ?",
          java.sql.Timestamp.from(firstSeen.minus(Duration.ofDays(1))),
          feed.id());
      FeedPoller.Result first = poll(feed);
      if (REFUSED.containsKey(file)) {
        assertThat(first.error()).as(file).contains(REFUSED.get(file));
        assertThat(harness.tidings.feeds().byId(feed.id()).lastError()).as(file).isNotNull();
        continue;
      }
      assertThat(first.error()).as(file).isNull();
      int bad = BAD_ITEMS.getOrDefault(file, 0);
      assertThat(first.itemErrors()).as(file + " item errors").hasSize(bad);
      // wordpress.rss and its named-entity copy share their links: the second updates the first's.
      int expected = itemsIn(file) - bad;
      assertThat(first.created() + first.updated() + first.unchanged())
          .as(file + " articles")
          .isEqualTo(expected);
      for (Article article : articlesOf(feed)) {
        String where = file + " '" + article.title() + "'";
        assertThat(article.title()).as(where).isNotBlank().doesNotContainPattern(MARKUP);
        assertThat(article.title() + " " + article.excerpt())
            .as(where + " mojibake")
            .doesNotContainPattern(MOJIBAKE);
        assertThat(article.title()).as(where).doesNotContain("](");
        assertThat(article.excerpt())
            .as(where + " excerpt")
            .doesNotContainPattern(Pattern.compile("</?[a-zA-Z][^>]*>"))
            .doesNotContain("submitted by", "[link]", "[comments]");
        if (article.url() != null) {
          assertThat(article.url()).as(where).matches("https?://[^/]+.*");
        }
        if (article.imageUrl() != null) {
          assertThat(article.imageUrl())
              .as(where + " picture")
              .matches("https?://.+")
              .doesNotContain("feedburner.com/~r/", "/_/stat", "feeds.feedburner");
        }
        assertThat(article.bodyHtml()).as(where).doesNotContain("/_/stat?", "/~r/");
        assertThat(article.publishedAt()).as(where).isBeforeOrEqualTo(firstSeen);
      }
      checked.add(file);
    }
    assertThat(checked).hasSize(FeedCorpusSurvey.files().size() - REFUSED.size());

    // Item by item, where the corpus showed a fault.
    assertThat(titles("craigslist.rdf"))
        .contains(
            "Bright, Spacious Beautiful Victorian (oakland north / temescal) $4300 3bd 1930ft²");
    Article uol =
        byTitle("Ibope: Bolsonaro perde de Haddad, Ciro e Alckmin em simulações de 2º turno");
    assertThat(uol.publishedAt()).isEqualTo(Instant.parse("2018-09-24T22:42:40Z"));
    assertThat(byTitle("DrecomRSSに記事投稿が反映されない…").excerpt()).startsWith("色々調べてたら");
    assertThat(byTitle("DrecomRSSに記事投稿が反映されない…").publishedAt()).isEqualTo(firstSeen);
    assertThat(byTitle("Entry1").url()).isEqualTo("http://www.example.com/blog/entry1");
    Article relative = byTitle("click here");
    assertThat(relative.bodyHtml()).contains("href=\"" + server.url("/relative/uri") + "\"");
    Article video = byTitle("Buy Now, Bitches*");
    assertThat(video.excerpt()).startsWith("Scott's Book");
    assertThat(video.imageUrl()).isEqualTo("https://i1.ytimg.com/vi/lR-w1h5ONOY/hqdefault.jpg");
    assertThat(byTitle("Charlie bit my finger - again !").excerpt()).isNotBlank();
    assertThat(articlesOf(feedOf("guardian.rss")))
        .allSatisfy(a -> assertThat(a.imageUrl()).contains("i.guim.co.uk"));
    assertThat(articlesOf(feedOf("medium.rss")))
        .allSatisfy(a -> assertThat(a.imageUrl()).startsWith("https://cdn-images-1.medium.com/"));
    assertThat(articlesOf(feedOf("jn-iso8859-1.rss")))
        .allSatisfy(a -> assertThat(a.imageUrl()).isNull());
    assertThat(byTitle("The water is too deep, so he improvises").excerpt()).isEmpty();
    assertThat(
            byTitle("We are Aziz Ansari and Alan Yang from Master of None - Ask Us Anything")
                .excerpt())
        .startsWith("It's Aziz Ansari.");
    assertThat(articlesOf(feedOf("podcast-leshow.rss"))).hasSize(4);

    // A second poll, an hour on: nothing new, nothing changed, and no date moves.
    Map<Long, Instant> dates = new java.util.HashMap<>();
    harness.tidings.articles().latest(1000).forEach(a -> dates.put(a.id(), a.publishedAt()));
    harness.clock.advance(Duration.ofHours(1));
    for (Feed feed : harness.tidings.feeds().all()) {
      FeedPoller.Result again = poll(feed);
      assertThat(again.created()).as(feed.url()).isZero();
      // wordpress.rss and its named-entity copy carry the same posts: each poll takes them over.
      if (!feed.url().contains("wordpress")) {
        assertThat(again.updated()).as(feed.url()).isZero();
      }
    }
    assertThat(harness.tidings.articles().latest(1000))
        .allSatisfy(a -> assertThat(a.publishedAt()).isEqualTo(dates.get(a.id())));
  }

  /**
   * The digest of the corpus's non-ASCII articles, as GreenMail receives it: the characters in both
   * parts, none as a reference or a replacement character.
   */
  @Test
  void theDigestOfCorpusArticles_holdsTheirCharactersInBothParts() throws Exception {
    start("36500d");
    List<String> files =
        List.of(
            "uol-nodecl-latin1.rss",
            "fp-shiftjis-nodecl.atom",
            "gb2312.xml",
            "craigslist.rdf",
            "heise.atom",
            "latin2.rss");
    for (String file : files) {
      Feed feed = add(file);
      harness.update(
          "UPDATE feeds SET first_read_at = ? WHERE id = ?",
          java.sql.Timestamp.from(harness.clock.instant().minus(Duration.ofDays(1))),
          feed.id());
      assertThat(poll(feed).error()).as(file).isNull();
    }
    List<String> titles =
        List.of(
            "Ibope: Bolsonaro perde de Haddad, Ciro e Alckmin em simulações de 2º turno",
            "DrecomRSSに記事投稿が反映されない…",
            byTitlePrefix("拟298亿元").title(),
            "Bright, Spacious Beautiful Victorian (oakland north / temescal) $4300 3bd 1930ft²",
            "Änderungen bei der Authentifizierung in Microsofts v2.0 App Model",
            articlesOf(feedOf("latin2.rss")).get(0).title());
    Newsletter digest = harness.newsletter("corpus", 200, Duration.ofDays(36500));
    harness.subscribers(digest, "ann@example.com");
    Edition edition =
        harness.tidings.planner().plan(digest, EditionPlanner.Trigger.manual("corpus"));
    harness.tidings.engine().runEdition(edition.id());

    MimeMessage[] received = harness.smtp.getReceivedMessages();
    assertThat(received).hasSize(1);
    String[] parts = Harness.textAndHtml(received[0]);
    String text = parts[0];
    String html = parts[1];
    for (String part : List.of(text, html)) {
      assertThat(part).doesNotContain("&#x", "\uFFFD", "&amp;#");
    }
    // The text part wraps long titles at 72 columns: compare with the line breaks as spaces.
    String textLine = text.replaceAll("\\s+", " ");
    String htmlLine = html.replaceAll("\\s+", " ");
    for (String title : titles) {
      assertThat(textLine).as("text part").contains(title);
      assertThat(htmlLine).as("HTML part").contains(title.replace("&", "&amp;"));
    }
  }

  /**
   * A feed's back catalogue stays out of editions: at the first read, undated items (RSS 0.91) and
   * items older than the maximum age (2018 news, dated in Portuguese) are stored as nothing, and
   * stay so on the next poll; the next edition has nothing to carry. Before, the undated items were
   * dated "now" on every poll and the 2018 news went out as new.
   */
  @Test
  void aFeedsBackCatalogue_goesIntoNoEdition() throws Exception {
    start("7d");
    Feed undated = add("rss091-netscape.rss");
    Feed brazil = add("uol-nodecl-latin1.rss");
    FeedPoller.Result first = poll(undated);
    assertThat(first.backCatalogue()).isEqualTo(2);
    assertThat(first.created()).isZero();
    FeedPoller.Result old = poll(brazil);
    assertThat(old.tooOld()).isEqualTo(15);
    assertThat(old.created()).isZero();
    harness.clock.advance(Duration.ofHours(2));
    assertThat(poll(undated).backCatalogue()).isEqualTo(2);
    assertThat(poll(brazil).created()).isZero();
    assertThat(harness.count("SELECT COUNT(*) FROM articles")).isZero();
    assertThat(harness.tidings.feeds().byId(undated.id()).lastResult())
        .contains("0 new", "2 back catalogue");
    Newsletter weekly = harness.newsletter("weekly");
    harness.subscribers(weekly, "ann@example.com");
    Edition edition = harness.tidings.planner().plan(weekly, EditionPlanner.Trigger.manual("t"));
    assertThat(edition == null || edition.articleCount() == 0).isTrue();
  }

  /**
   * The HTTP cases SOURCES.md names: a 301 to another path is followed and its feed read; a 404
   * HTML page, a reply slower than the feed timeout and a 410 Gone are each reported with what went
   * wrong, and the gone feed leaves the schedule.
   */
  @Test
  void theHttpCasesOfTheCorpus_areEachAnsweredAsTheyShouldBe() throws Exception {
    harness =
        Harness.start(
            TestDatabase.Kind.H2,
            Map.of("TIDINGS_FEED_MAX_AGE", "36500d", "TIDINGS_FEED_TIMEOUT", "1s"));
    server = new FeedServer();
    Feed moved = add("heise.atom");
    byte[] heise = Files.readAllBytes(FeedCorpusSurvey.CORPUS.resolve("heise.atom"));
    server.serve("/new/heise.atom", FeedServer.Answer.file(heise, "application/atom+xml", null));
    server.serve("/heise.atom", FeedServer.Answer.movedTo("/new/heise.atom"));
    FeedPoller.Result followed = poll(moved);
    assertThat(followed.error()).isNull();
    assertThat(followed.created()).isEqualTo(15);

    server.serve(
        "/missing.xml",
        FeedServer.Answer.htmlPage(404, "<!DOCTYPE html><html><body>Not Found</body></html>"));
    Feed missing = harness.tidings.feeds().add(server.url("/missing.xml"), null);
    assertThat(poll(missing).error()).contains("HTTP 404");

    server.serve("/slow.xml", FeedServer.Answer.status(200, "<rss/>", 3000));
    Feed slow = harness.tidings.feeds().add(server.url("/slow.xml"), null);
    assertThat(poll(slow).error()).contains("no answer within 1s");

    server.serve("/gone.xml", FeedServer.Answer.status(410, "Gone", 0));
    Feed gone = harness.tidings.feeds().add(server.url("/gone.xml"), null);
    assertThat(poll(gone).error()).contains("410 Gone");
    assertThat(harness.tidings.feeds().byId(gone.id()).status()).isEqualTo("gone");
    assertThat(harness.tidings.feeds().due(harness.clock.instant().plus(Duration.ofDays(30))))
        .extracting(Feed::id)
        .doesNotContain(gone.id())
        .contains(missing.id(), slow.id());
  }

  private Feed feedOf(String file) {
    return harness.tidings.feeds().all().stream()
        .filter(feed -> feed.url().endsWith("/" + file))
        .findFirst()
        .orElseThrow();
  }

  private List<String> titles(String file) {
    return articlesOf(feedOf(file)).stream().map(Article::title).toList();
  }

  private Article byTitle(String title) {
    return harness.tidings.articles().latest(1000).stream()
        .filter(article -> article.title().equals(title))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no article '" + title + "'"));
  }

  private Article byTitlePrefix(String prefix) {
    return harness.tidings.articles().latest(1000).stream()
        .filter(article -> article.title().startsWith(prefix))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no article '" + prefix + "…'"));
  }
}
