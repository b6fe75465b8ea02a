package dev.tidings.bench;

import dev.tidings.article.Article;
import dev.tidings.article.ArticleDraft;
import dev.tidings.article.ArticleImporter;
import dev.tidings.delivery.MessageComposer;
import dev.tidings.edition.Edition;
import dev.tidings.edition.EditionRenderer;
import dev.tidings.edition.Recipient;
import dev.tidings.edition.Templates;
import dev.tidings.newsletter.Newsletter;
import dev.tidings.subscriber.Links;
import dev.tidings.subscriber.Tokens;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The CPU cost of one personal message in Tidings, with the shared part (article list, subject)
 * rendered once in the setup, as the planner does at fan-out:
 *
 * <ul>
 *   <li>{@code render}: {@code Personalizer.render(recipient)}, the personal HTML and text bodies
 *       (greeting, address, signed links already made), text wrapped at 76 columns;
 *   <li>{@code renderAndCompose}: what a sending worker does per delivery before the SMTP
 *       conversation: sign the recipient's links, render, compose the MIME message ({@code
 *       MessageComposer.compose}) and encode it to bytes (written to a null stream).
 * </ul>
 *
 * Same templates ({@code templates/digest/default}) and articles ({@code bench/articles}) as
 * bench/run.sh. Recipients rotate over 1,024 made-up subscribers so no single one is cached.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class RenderBenchmark {
  private static final int RECIPIENTS = 1024;

  /** The templates folder; bench/jmh/run.sh passes the repository's. */
  @Param("../../templates")
  public String templates;

  /** The folder of the Markdown articles; bench/jmh/run.sh passes bench/articles. */
  @Param("../articles")
  public String articles;

  private Newsletter newsletter;
  private Edition edition;
  private dev.tidings.edition.Personalizer personalizer;
  private MessageComposer composer;
  private Links links;
  private Recipient[] recipients;
  private String[] emails;
  private String[] names;
  private int next;

  @Setup
  public void setUp() throws IOException {
    Instant now = Instant.now();
    EditionRenderer renderer =
        new EditionRenderer(
            new Templates(Path.of(templates), Clock.systemUTC()), "12 Quay Street, Harbourton");
    newsletter =
        new Newsletter(
            1,
            "harbour",
            "The Harbour Weekly",
            null,
            ZoneId.of("UTC"),
            "news@harbour.example.com",
            "Harbour Weekly desk",
            null,
            Newsletter.DEFAULT_SUBJECT,
            Newsletter.DEFAULT_TEMPLATE_SET,
            1,
            10,
            Duration.ofDays(7),
            true);
    List<Article> list = readArticles(Path.of(articles), now);
    EditionRenderer.SharedContent shared = renderer.renderShared(newsletter, list, now);
    edition =
        new Edition(
            1,
            newsletter.id(),
            "manual",
            null,
            "bench",
            shared.subject(),
            Edition.Status.SENDING,
            null,
            shared.html(),
            shared.text(),
            list.size(),
            RECIPIENTS,
            now,
            null);
    personalizer = renderer.personalizer(newsletter, edition);
    composer = new MessageComposer();
    links = new Links(URI.create("http://localhost:8080"), new Tokens("bench-secret-0123456789abcdef"));
    String[] first = {"Ada", "Bram", "Carmen", "Dario", "Elif", "Farid", "Greta", "Hana"};
    String[] last = {"Okafor", "Lindqvist", "Moreau", "Brennan", "Castillo", "Novak"};
    recipients = new Recipient[RECIPIENTS];
    emails = new String[RECIPIENTS];
    names = new String[RECIPIENTS];
    for (int i = 0; i < RECIPIENTS; i++) {
      String f = first[i % first.length];
      String l = last[(i / first.length) % last.length];
      emails[i] = (f + "." + l + "." + i).toLowerCase() + "@example.org";
      names[i] = f + " " + l;
      recipients[i] = recipient(i + 1L, emails[i], names[i]);
    }
  }

  private Recipient recipient(long id, String email, String name) {
    return new Recipient(
        id,
        email,
        name,
        links.unsubscribe(id, newsletter.id()),
        links.preferences(id),
        links.archivedEdition(newsletter.slug(), edition.id()));
  }

  private int nextIndex() {
    int i = next;
    next = (i + 1) & (RECIPIENTS - 1);
    return i;
  }

  @Benchmark
  public EditionRenderer.PersonalContent render() {
    return personalizer.render(recipients[nextIndex()]);
  }

  @Benchmark
  public MimeMessage renderAndCompose() throws IOException, MessagingException {
    int i = nextIndex();
    long id = i + 1L;
    Recipient recipient = recipient(id, emails[i], names[i]);
    EditionRenderer.PersonalContent content = personalizer.render(recipient);
    MimeMessage message =
        composer.compose(
            newsletter,
            edition,
            recipient,
            content,
            links.unsubscribeToken(id, newsletter.id()),
            Instant.now());
    message.writeTo(OutputStream.nullOutputStream());
    return message;
  }

  private static List<Article> readArticles(Path dir, Instant now) throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(p -> p.toString().endsWith(".md")).sorted().collect(Collectors.toList());
    }
    if (files.isEmpty()) {
      throw new IllegalStateException("no .md articles in " + dir.toAbsolutePath());
    }
    ArticleImporter importer = new ArticleImporter(280);
    List<Article> articles = new ArrayList<>();
    long id = 1;
    for (Path file : files) {
      String url =
          "https://news.example.com/stories/"
              + file.getFileName().toString().replaceFirst("\\.md$", "");
      ArticleDraft draft =
          importer.read(file, new ArticleImporter.Options(null, null, url, null, null));
      articles.add(
          new Article(
              id++,
              null,
              draft.title(),
              draft.author(),
              draft.url(),
              draft.excerpt(),
              draft.bodyHtml(),
              draft.bodyText(),
              draft.imageUrl(),
              draft.tags(),
              draft.wordCount(),
              "published",
              now,
              now));
    }
    return articles;
  }
}
