package dev.tidings;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.tidings.app.Config;
import dev.tidings.app.Tidings;
import dev.tidings.article.Article;
import dev.tidings.article.ArticleDraft;
import dev.tidings.db.Jdbc;
import dev.tidings.newsletter.Newsletter;
import dev.tidings.newsletter.NewsletterDraft;
import dev.tidings.subscriber.SubscriberStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One Tidings on a fresh database, mailing to an in-process GreenMail SMTP server, with a clock the
 * test controls. Close it after each test.
 */
public final class Harness implements AutoCloseable {
  /**
   * Where every harness clock starts: a fixed Monday morning, so no outcome depends on the day the
   * tests run (a date's length moves the size of a digest, its weekday the next scheduled send).
   */
  public static final Instant START = Instant.parse("2026-11-30T07:15:00.250Z");

  public final TestDatabase database;
  public final GreenMail smtp;
  public final MutableClock clock;
  public final Tidings tidings;

  private Harness(TestDatabase database, GreenMail smtp, MutableClock clock, Tidings tidings) {
    this.database = database;
    this.smtp = smtp;
    this.clock = clock;
    this.tidings = tidings;
  }

  public static Harness start(TestDatabase.Kind kind) throws Exception {
    return start(kind, Map.of());
  }

  public static Harness start(TestDatabase.Kind kind, Map<String, String> extra) throws Exception {
    return startOn(TestDatabase.create(kind), extra);
  }

  /** A harness on a database the test prepared; closing the harness closes the database too. */
  public static Harness startOn(TestDatabase database) throws Exception {
    return startOn(database, Map.of());
  }

  private static Harness startOn(TestDatabase database, Map<String, String> extra)
      throws Exception {
    GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    Map<String, String> variables = new HashMap<>(database.variables());
    variables.put("TIDINGS_SMTP_HOST", "127.0.0.1");
    variables.put("TIDINGS_SMTP_PORT", String.valueOf(smtp.getSmtp().getPort()));
    variables.put("TIDINGS_SECRET", "test-secret-0123456789abcdef");
    variables.put("TIDINGS_HTTP_PORT", "0");
    variables.put("TIDINGS_HTTP_HOST", "127.0.0.1");
    variables.put("TIDINGS_SMTP_CONNECTIONS", "2");
    variables.put("TIDINGS_TEMPLATES_DIR", templatesWithABrokenSet(database.dataDir()).toString());
    variables.putAll(extra);
    MutableClock clock = new MutableClock(START);
    Tidings tidings = Tidings.open(Config.from(variables), clock);
    return new Harness(database, smtp, clock, tidings);
  }

  /**
   * A copy of the project's templates plus a set named "broken" whose article template does not
   * compile, for tests of failed runs.
   */
  private static Path templatesWithABrokenSet(Path dir) throws java.io.IOException {
    Path source = Path.of("templates").toAbsolutePath();
    Path target = dir.resolve("templates");
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(source)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path copy = target.resolve(source.relativize(file).toString());
        if (java.nio.file.Files.isDirectory(file)) {
          java.nio.file.Files.createDirectories(copy);
        } else {
          java.nio.file.Files.copy(file, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    Path broken = java.nio.file.Files.createDirectories(target.resolve("digest/broken"));
    java.nio.file.Files.writeString(
        broken.resolve("articles.html.mustache"), "{{#articles}}<h2>{{title}</h2>");
    return target;
  }

  /** Adds a weekly newsletter (Mondays 08:00 Berlin) of at most 10 articles. */
  public Newsletter newsletter(String slug) {
    return newsletter(slug, 10, null);
  }

  /**
   * Adds a weekly newsletter carrying up to {@code maxArticles} articles no older than {@code
   * maxAge} (null: the default 7 days).
   */
  public Newsletter newsletter(String slug, int maxArticles, java.time.Duration maxAge) {
    return tidings
        .newsletters()
        .add(
            new NewsletterDraft(
                slug,
                "The " + slug + " digest",
                "0 8 * * 1",
                "Europe/Berlin",
                "news@example.com",
                "Tidings Team",
                "editor@example.com",
                null,
                null,
                1,
                maxArticles,
                maxAge,
                true));
  }

  /** The text and the HTML part of a digest as received, decoded. */
  public static String[] textAndHtml(jakarta.mail.internet.MimeMessage message) throws Exception {
    jakarta.mail.Multipart parts = (jakarta.mail.Multipart) message.getContent();
    return new String[] {
      (String) parts.getBodyPart(0).getContent(), (String) parts.getBodyPart(1).getContent()
    };
  }

  /** Adds active subscribers of {@code newsletter}. */
  public void subscribers(Newsletter newsletter, String... emails) {
    List<SubscriberStore.Entry> entries = new java.util.ArrayList<>();
    for (String email : emails) {
      String local = email.substring(0, email.indexOf('@'));
      entries.add(
          new SubscriberStore.Entry(
              email, Character.toUpperCase(local.charAt(0)) + local.substring(1)));
    }
    tidings
        .subscribers()
        .upsert(entries, newsletter.id(), true, new SubscriberStore.Consent("test", "harness"));
  }

  public Article article(String title, String url, Instant publishedAt) {
    String html =
        "<p>"
            + title
            + " is the lead paragraph. It says what happened.</p>"
            + "<p>A second paragraph.</p>";
    return tidings
        .articles()
        .save(
            new ArticleDraft(
                null,
                title,
                "Ada",
                url,
                title + " is the lead paragraph.",
                html,
                title + " is the lead paragraph.",
                null,
                null,
                120,
                publishedAt))
        .article();
  }

  /**
   * A sending edition of {@code newsletter} for {@code count} active subscribers {@code
   * reader0@example.org}, {@code reader1@…}, with one fresh article.
   */
  public dev.tidings.edition.Edition bulkEdition(Newsletter newsletter, int count) {
    bulkSubscribers(newsletter, count);
    article(
        "Bulletin for " + count,
        "https://example.com/bulletin/" + count,
        clock.instant().minus(java.time.Duration.ofHours(1)));
    return tidings
        .planner()
        .plan(newsletter, dev.tidings.edition.EditionPlanner.Trigger.manual("test"));
  }

  /** Subscribes {@code count} readers ({@link #reader}) to {@code newsletter}, confirmed. */
  public void bulkSubscribers(Newsletter newsletter, int count) {
    List<SubscriberStore.Entry> chunk = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      chunk.add(new SubscriberStore.Entry(reader(i), null));
      if (chunk.size() == 1000 || i == count - 1) {
        tidings
            .subscribers()
            .upsert(chunk, newsletter.id(), true, new SubscriberStore.Consent("test", "bulk"));
        chunk.clear();
      }
    }
  }

  /** The address of bulk subscriber {@code i}. */
  public static String reader(int i) {
    return "reader" + i + "@example.org";
  }

  /** Rows of a test's own query on the service's database, each mapped by {@code mapper}. */
  public <T> List<T> query(String sql, Jdbc.RowMapper<T> mapper, Object... params) {
    return tidings.database().read(connection -> Jdbc.query(connection, sql, mapper, params));
  }

  /** The number a test's own {@code SELECT COUNT(*)} (or single-number query) returns. */
  public long count(String sql, Object... params) {
    return tidings.database().read(connection -> Jdbc.count(connection, sql, params));
  }

  /** Runs a test's own statement, to set up a state the service would take long to reach. */
  public int update(String sql, Object... params) {
    return tidings.database().transaction(connection -> Jdbc.update(connection, sql, params));
  }

  /** Messages to bulk subscribers missing at the server, and messages it accepted twice. */
  public record Tally(int missing, int duplicates) {}

  public Tally tally(FaultySmtpServer server, dev.tidings.edition.Edition edition, int count) {
    int missing = 0;
    int duplicates = 0;
    for (int i = 0; i < count; i++) {
      long id = tidings.subscribers().byEmail(reader(i)).id();
      java.util.concurrent.atomic.AtomicInteger accepted =
          server.accepted().get("<tidings." + edition.id() + "." + id + "@example.com>");
      if (accepted == null) {
        missing++;
      } else {
        duplicates += accepted.get() - 1;
      }
    }
    return new Tally(missing, duplicates);
  }

  /** The environment of a child {@code tidings} process on this database, mailing to a port. */
  public Map<String, String> childEnvironment(int smtpPort) {
    Map<String, String> env = new HashMap<>(database.variables());
    env.put("TIDINGS_SMTP_HOST", "127.0.0.1");
    env.put("TIDINGS_SMTP_PORT", String.valueOf(smtpPort));
    env.put("TIDINGS_SECRET", "test-secret-0123456789abcdef");
    env.put("TIDINGS_TEMPLATES_DIR", Path.of("templates").toAbsolutePath().toString());
    env.put("TIDINGS_HTTP_PORT", "0");
    env.put("TIDINGS_HTTP_HOST", "127.0.0.1");
    return env;
  }

  /** Starts {@code tidings ARGS} in a child JVM (the test class path), its output in a file. */
  public static Process spawn(Map<String, String> env, String name, String... args)
      throws java.io.IOException {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.tidings.app.Main"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(env);
    builder
        .redirectErrorStream(true)
        .redirectOutput(java.nio.file.Files.createTempFile("tidings-" + name, ".log").toFile());
    return builder.start();
  }

  @Override
  public void close() throws Exception {
    try {
      tidings.close();
    } finally {
      smtp.stop();
      database.close();
    }
  }
}
