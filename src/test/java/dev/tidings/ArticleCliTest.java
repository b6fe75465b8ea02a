package dev.tidings;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidings.TestCli.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tidings article import} and {@code tidings feed} as an operator runs them, on MariaDB. */
@Tag("mariadb")
class ArticleCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private TestCli cli;
  @TempDir Path dir;

  @BeforeEach
  void start() throws Exception {
    cli = TestCli.withoutMail();
  }

  @AfterEach
  void stop() throws Exception {
    cli.close();
  }

  private Run run(String... args) {
    return cli.run(args);
  }

  /** The pages of one corpus site, copied into one folder (one source). */
  private List<String> site(String name) throws Exception {
    Path folder = Files.createDirectories(dir.resolve(name));
    List<String> files = new ArrayList<>();
    Path corpus = Path.of("src/test/resources/corpus", name);
    try (var pages = Files.list(corpus)) {
      for (Path page : pages.filter(p -> p.toString().endsWith(".txt")).sorted().toList()) {
        files.add(Files.copy(page, folder.resolve(page.getFileName())).toString());
      }
    }
    return files;
  }

  @Test
  void importJson_printsTheStoredArticles_reportsBadFiles_andReimportChangesNothing()
      throws Exception {
    List<String> args = new ArrayList<>(List.of("article", "import", "--json"));
    args.addAll(site("greenleaf"));
    Path empty = Files.createFile(dir.resolve("empty.md"));
    Path binary = Files.write(dir.resolve("photo.html"), new byte[] {1, 2, 0, 3});
    args.add(empty.toString());
    args.add(binary.toString());
    Run first = run(args.toArray(String[]::new));
    assertThat(first.code()).isEqualTo(1);
    assertThat(first.err()).contains("empty.md: the file is empty", "photo.html: binary file");
    JsonNode articles = JSON.readTree(first.out());
    assertThat(articles).hasSize(3);
    JsonNode compost = articles.get(0);
    assertThat(fieldNames(compost))
        .containsSubsequence(
            "id", "title", "author", "url", "published_at", "excerpt", "reading_minutes");
    assertThat(compost.get("title").asText())
        .isEqualTo("What a Smelly Compost Heap Is Telling You");
    assertThat(compost.get("author").asText()).isEqualTo("Jonas Weber");
    assertThat(compost.get("published_at").asText()).isEqualTo("2026-04-14T00:00:00Z");
    assertThat(compost.get("excerpt").asText())
        .startsWith("A compost heap that smells is telling you something.")
        .doesNotContain("Loading", "author hasn't", "Write for us");
    assertThat(compost.get("reading_minutes").asInt()).isEqualTo(1);

    Run second = run(args.subList(0, 6).toArray(String[]::new));
    assertThat(second.code()).isZero();
    JsonNode same = JSON.readTree(second.out());
    for (int i = 0; i < 3; i++) {
      assertThat(same.get(i).get("id").asLong()).isEqualTo(articles.get(i).get("id").asLong());
    }
    Run text =
        run(args.subList(0, 6).stream().filter(a -> !a.equals("--json")).toArray(String[]::new));
    assertThat(text.out()).contains("unchanged").doesNotContain("imported", "updated");
  }

  @Test
  void feedAddAndPoll_importItems_andABadUrlOrNewsletterIsAClearError() throws Exception {
    MutableClock clock = new MutableClock(Harness.START);
    cli.useClock(clock);
    try (FeedServer server = new FeedServer()) {
      server.serve(
          "/feed.xml",
          FeedServer.Answer.feed(
              "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>T</title>"
                  + "<id>urn:t</id><updated>2026-01-01T00:00:00Z</updated><entry><id>urn:1</id>"
                  + "<title>Ferry timetable changes</title><link href=\"https://ferry.example.com/t\"/>"
                  + "<updated>"
                  + clock.instant().minusSeconds(3600)
                  + "</updated><summary>The winter timetable starts on Sunday.</summary></entry></feed>",
              "\"e1\""));
      assertThat(run("feed", "add", "notaurl").err()).contains("http(s) URL");
      assertThat(run("feed", "add", server.url("/feed.xml"), "--newsletter", "nope").err())
          .contains("unknown newsletter 'nope'");
      Run added = run("feed", "add", server.url("/feed.xml"));
      assertThat(added.code()).isZero();
      assertThat(run("feed", "add", server.url("/feed.xml")).err()).contains("already added");
      Run poll = run("feed", "poll", "--json");
      assertThat(poll.code()).isZero();
      JsonNode result = JSON.readTree(poll.out()).get(0);
      assertThat(result.get("created").asInt()).isEqualTo(1);
      Run again = run("feed", "poll");
      assertThat(again.out()).contains("not modified");
      server.serve("/feed.xml", FeedServer.Answer.feed("not xml at all", null));
      Run broken = run("feed", "poll");
      assertThat(broken.code()).isEqualTo(1);
      assertThat(broken.err()).contains("not a valid RSS or Atom feed");
      assertThat(run("feed", "list").out()).contains("1 failures: not a valid RSS or Atom feed");
    }
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
