package dev.tidings;

import dev.tidings.article.Article;
import dev.tidings.article.Feed;
import dev.tidings.article.FeedPoller;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Polls every file of the feed corpus, served as {@code SOURCES.md} says, and prints one line per
 * feed: items in the file, what was stored, and what is wrong with it (titles with markup or
 * references, missing links, items dated at the poll, empty excerpts, images, trackers, mojibake,
 * duplicates on a second poll). It asserts nothing: it is the measurement behind the corpus table
 * of issue 16, run on demand with {@code mvn test -Dtest=FeedCorpusSurvey}.
 */
public final class FeedCorpusSurvey {
  public static final Path CORPUS = Path.of("src/test/resources/corpus/feeds");
  private static final Pattern ITEM = Pattern.compile("<(item|entry)[\\s>]");
  private static final Pattern BAD_TITLE =
      Pattern.compile("&#|&amp;|&lt;|&gt;|&quot;|<[a-zA-Z/]|\\]\\(");
  private static final Pattern MOJIBAKE = Pattern.compile("[ÃÂ][\\u0080-\\u00ff]|\\uFFFD|ã\\u0081");

  /** The Content-Type a file is served with: as SOURCES.md says, else by its extension. */
  public static String contentType(String file) {
    return switch (file) {
      case "uol-nodecl-latin1.rss" -> "text/xml; charset=ISO-8859-1";
      case "fp-shiftjis-nodecl.atom" -> "application/atom+xml; charset=Shift_JIS";
      case "wordpress.rss" -> "application/rss+xml; charset=UTF-8";
      case "medium.rss" -> "text/xml; charset=UTF-8";
      default -> {
        if (file.endsWith(".html")) {
          yield "text/html; charset=UTF-8";
        }
        if (file.endsWith(".atom") || file.endsWith(".atom03")) {
          yield "application/atom+xml";
        }
        yield file.endsWith(".rdf") ? "application/rdf+xml" : "application/rss+xml";
      }
    };
  }

  public static List<String> files() throws Exception {
    try (Stream<Path> files = Files.list(CORPUS)) {
      return files
          .map(path -> path.getFileName().toString())
          .filter(name -> !name.endsWith(".md"))
          .sorted()
          .toList();
    }
  }

  public static void main(String[] args) throws Exception {
    try (Harness harness =
            Harness.start(TestDatabase.Kind.H2, Map.of("TIDINGS_FEED_MAX_AGE", "36500d"));
        FeedServer server = new FeedServer()) {
      List<String> lines = new ArrayList<>();
      lines.add(
          "| file | items | stored | old | errors | no link | dated now | bad title | boilerplate"
              + " | image | tracker | mojibake | 2nd poll new |");
      lines.add("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
      for (String file : files()) {
        byte[] bytes = Files.readAllBytes(CORPUS.resolve(file));
        server.serve("/" + file, FeedServer.Answer.file(bytes, contentType(file), null));
        Matcher items =
            ITEM.matcher(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1));
        int count = 0;
        while (items.find()) {
          count++;
        }
        Feed feed = harness.tidings.feeds().add(server.url("/" + file), null);
        FeedPoller.Result first = harness.tidings.feedPoller().poll(feed);
        List<Article> stored =
            harness.query(
                "SELECT * FROM articles WHERE feed_id = ?",
                dev.tidings.article.ArticleStore::map,
                feed.id());
        FeedPoller.Result second =
            harness.tidings.feedPoller().poll(harness.tidings.feeds().byId(feed.id()));
        long noLink = stored.stream().filter(a -> a.url() == null).count();
        long datedNow =
            stored.stream().filter(a -> !a.publishedAt().isBefore(harness.clock.instant())).count();
        long badTitle = stored.stream().filter(a -> BAD_TITLE.matcher(a.title()).find()).count();
        long noExcerpt =
            stored.stream()
                .filter(
                    a ->
                        a.excerpt() != null
                            && (a.excerpt().contains("submitted by")
                                || a.excerpt().contains("[link]")))
                .count();
        long image = stored.stream().filter(a -> a.imageUrl() != null).count();
        long tracker =
            stored.stream()
                .filter(
                    a ->
                        a.imageUrl() != null
                            && (a.imageUrl().contains("feedburner")
                                || a.imageUrl().contains("/~r/")
                                || a.imageUrl().contains("/_/stat")
                                || a.imageUrl().contains("pixel")))
                .count();
        long mojibake =
            stored.stream()
                .filter(a -> MOJIBAKE.matcher(a.title() + " " + a.excerpt()).find())
                .count();
        lines.add(
            String.format(
                "| %s | %d | %d | %d | %s | %d | %d | %d | %d | %d | %d | %d | %d |",
                file,
                count,
                stored.size(),
                first.tooOld(),
                first.error() != null
                    ? "feed: " + first.error().replace('|', '/')
                    : String.valueOf(first.itemErrors().size()),
                noLink,
                datedNow,
                badTitle,
                noExcerpt,
                image,
                tracker,
                mojibake,
                second.created() + second.updated()));
        if (args.length > 0 && file.matches(args[0])) {
          for (Article a : stored) {
            System.out.printf(
                "  %s | %s | %s | %s | %s%n",
                a.title(), a.url(), a.publishedAt(), a.imageUrl(), a.excerpt());
          }
          first.itemErrors().forEach(e -> System.out.println("  ! " + e));
        }
        // Feeds share articles by url (wordpress.rss and its named-entity copy): each file alone.
        harness.update("DELETE FROM articles");
      }
      lines.forEach(System.out::println);
    }
  }
}
