package dev.tidings.edition;

import dev.tidings.article.Article;
import dev.tidings.article.ArticleStore;
import dev.tidings.db.DataAccessException;
import dev.tidings.db.Database;
import dev.tidings.db.Jdbc;
import dev.tidings.newsletter.Newsletter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what goes into a newsletter's next edition and creates it: the articles (see {@code
 * plan-articles} in {@code sql/editions.sql}), the rendered shared content, and the first chunk of
 * delivery rows ({@link EditionFanout}; the rest follow in later transactions), all in one
 * transaction. If anything fails nothing is written, and the articles stay available to the next
 * run: there is no watermark to move.
 *
 * <p>A scheduled fire time makes at most one edition (unique key), so a fire repeated by a retry, a
 * misfire or another process returns the existing edition.
 */
public final class EditionPlanner {
  private static final Logger LOG = LoggerFactory.getLogger(EditionPlanner.class);
  private final Database database;
  private final EditionRenderer renderer;
  private final EditionStore editions;
  private final Clock clock;
  private final EditionFanout fanout;

  public EditionPlanner(
      Database database,
      EditionRenderer renderer,
      EditionStore editions,
      EditionFanout fanout,
      Clock clock) {
    this.database = database;
    this.fanout = fanout;
    this.renderer = renderer;
    this.editions = editions;
    this.clock = clock;
  }

  /** Why an edition is made: a schedule's fire time, or an editor's request. */
  public record Trigger(String kind, Instant fireTime, String by) {
    public static Trigger scheduled(Instant fireTime) {
      return new Trigger("scheduled", fireTime, "schedule");
    }

    public static Trigger manual(String by) {
      return new Trigger("manual", null, by);
    }
  }

  /** The articles the next edition of {@code newsletter} would carry, without writing anything. */
  public List<Article> nextArticles(Newsletter newsletter) {
    return database.read(connection -> nextArticles(connection, newsletter, clock.instant()));
  }

  /**
   * Plans and creates an edition. Returns it with status {@code sending}, or {@code skipped} with
   * its reason (too few articles, no subscribers); nothing is sent by this method.
   */
  public Edition plan(Newsletter newsletter, Trigger trigger) {
    if (trigger.fireTime() != null) {
      Optional<Edition> existing = byFireTime(newsletter, trigger.fireTime());
      if (existing.isPresent()) {
        return existing.get();
      }
    }
    try {
      return create(newsletter, trigger);
    } catch (DataAccessException e) {
      if (!e.isDuplicateKey()) {
        throw e;
      }
      // Another process made this fire's edition, or took an article at the same moment.
      if (trigger.fireTime() != null) {
        Optional<Edition> existing = byFireTime(newsletter, trigger.fireTime());
        if (existing.isPresent()) {
          return existing.get();
        }
      }
      LOG.info("edition of {} collided with a concurrent one; planning again", newsletter.slug());
      return create(newsletter, trigger);
    }
  }

  private Edition create(Newsletter newsletter, Trigger trigger) {
    Instant now = clock.instant();
    List<Article> articles = database.read(connection -> nextArticles(connection, newsletter, now));
    if (articles.size() < Math.max(1, newsletter.minArticles())) {
      String reason =
          articles.isEmpty()
              ? "no new articles"
              : articles.size()
                  + " new article(s), fewer than the minimum of "
                  + newsletter.minArticles();
      return insertSkipped(newsletter, trigger, reason, now);
    }
    // Rendered before the transaction opens: a template error writes nothing at all.
    EditionRenderer.SharedContent content = renderer.renderShared(newsletter, articles, now);
    long id =
        database.transaction(
            connection -> {
              long editionId =
                  insert(
                      connection,
                      newsletter,
                      trigger,
                      content,
                      articles.size(),
                      "sending",
                      null,
                      now);
              Jdbc.update(
                  connection,
                  database.sql("set-edition-digest"),
                  content.preheader(),
                  content.htmlBytes(),
                  content.sizeNote(),
                  editionId);
              int recipients = fanout.first(connection, editionId, newsletter.id(), now);
              if (recipients == 0) {
                Jdbc.update(
                    connection,
                    database.sql("set-edition-status"),
                    Edition.Status.SKIPPED,
                    "no active subscribers",
                    now,
                    editionId,
                    Edition.Status.SENDING);
                return editionId;
              }
              for (int i = 0; i < articles.size(); i++) {
                Jdbc.update(
                    connection,
                    database.sql("insert-edition-article"),
                    editionId,
                    newsletter.id(),
                    articles.get(i).id(),
                    i);
              }
              return editionId;
            });
    Edition edition = editions.byId(id);
    if (content.sizeNote() != null) {
      LOG.warn("edition {} of {} {}", id, newsletter.slug(), content.sizeNote());
    }
    LOG.info(
        "edition {} of {}: {} articles, {} recipients, {}",
        id,
        newsletter.slug(),
        edition.articleCount(),
        edition.recipientCount(),
        edition.status().value());
    return edition;
  }

  /**
   * Records a skipped edition for {@code trigger} without looking at articles (a fire too late to
   * send); the articles stay for the next edition. Idempotent per scheduled fire time.
   */
  public Edition skip(Newsletter newsletter, Trigger trigger, String reason) {
    if (trigger.fireTime() != null) {
      Optional<Edition> existing = byFireTime(newsletter, trigger.fireTime());
      if (existing.isPresent()) {
        return existing.get();
      }
    }
    return insertSkipped(newsletter, trigger, reason, clock.instant());
  }

  private Edition insertSkipped(
      Newsletter newsletter, Trigger trigger, String reason, Instant now) {
    long id =
        database.transaction(
            connection ->
                insert(
                    connection,
                    newsletter,
                    trigger,
                    new EditionRenderer.SharedContent(newsletter.name(), null, null),
                    0,
                    "skipped",
                    reason,
                    now));
    LOG.info("edition {} of {} skipped: {}", id, newsletter.slug(), reason);
    return editions.byId(id);
  }

  private long insert(
      Connection connection,
      Newsletter newsletter,
      Trigger trigger,
      EditionRenderer.SharedContent content,
      int articleCount,
      String status,
      String reason,
      Instant now)
      throws SQLException {
    return Jdbc.insert(
        connection,
        database.sql("insert-edition"),
        newsletter.id(),
        trigger.kind(),
        trigger.fireTime(),
        trigger.by(),
        content.subject(),
        status,
        reason,
        content.html(),
        content.text(),
        articleCount,
        now,
        "skipped".equals(status) ? now : null);
  }

  private List<Article> nextArticles(Connection connection, Newsletter newsletter, Instant now)
      throws SQLException {
    return Jdbc.query(
        connection,
        database.sql("plan-articles"),
        ArticleStore::map,
        now,
        now.minus(newsletter.maxArticleAge()),
        newsletter.id(),
        newsletter.id(),
        newsletter.maxArticles());
  }

  private Optional<Edition> byFireTime(Newsletter newsletter, Instant fireTime) {
    return database.read(
        connection ->
            Jdbc.queryOne(
                connection,
                database.sql("edition-by-fire-time"),
                EditionStore::map,
                newsletter.id(),
                fireTime));
  }
}
