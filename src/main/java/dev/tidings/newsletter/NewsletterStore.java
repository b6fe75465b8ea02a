package dev.tidings.newsletter;

import dev.tidings.InvalidInputException;
import dev.tidings.NotFoundException;
import dev.tidings.db.DataAccessException;
import dev.tidings.db.Database;
import dev.tidings.db.Jdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Newsletters in the database. Thread-safe (stateless over the pool). */
public final class NewsletterStore {
  private final Database database;
  private final Clock clock;
  private final Consumer<Newsletter> design;

  /**
   * @param design checks that a newsletter can be rendered (its template set exists and compiles,
   *     its subject template compiles and renders) before it is stored; it throws {@link
   *     InvalidInputException} naming the problem
   */
  public NewsletterStore(Database database, Clock clock, Consumer<Newsletter> design) {
    this.database = database;
    this.clock = clock;
    this.design = design;
  }

  /** Creates a newsletter; a taken slug is bad input. */
  public Newsletter add(NewsletterDraft draft) {
    Newsletter valid = draft.validate(0);
    design.accept(valid);
    Instant now = clock.instant();
    try {
      long id =
          database.transaction(
              connection -> {
                long newId =
                    Jdbc.insert(
                        connection,
                        database.sql("insert-newsletter"),
                        params(valid.slug(), settings(valid), now, now));
                writeLook(connection, newId, valid.look(), now);
                return newId;
              });
      return byId(id);
    } catch (DataAccessException e) {
      if (e.isDuplicateKey()) {
        throw new InvalidInputException(
            "slug", "a newsletter with slug '" + valid.slug() + "' already exists");
      }
      throw e;
    }
  }

  /** Replaces the settings of newsletter {@code id} (its slug stays). */
  public Newsletter update(long id, NewsletterDraft draft) {
    Newsletter valid = draft.validate(id);
    design.accept(valid);
    int changed =
        database.transaction(
            connection -> {
              int rows =
                  Jdbc.update(
                      connection,
                      database.sql("update-newsletter"),
                      params(null, settings(valid), clock.instant(), id));
              writeLook(connection, id, valid.look(), clock.instant());
              return rows;
            });
    if (changed != 1) {
      throw new NotFoundException("newsletter", "no newsletter with id " + id);
    }
    return byId(id);
  }

  /** Changes only the look (logo, accent colour, locale) of newsletter {@code id}. */
  public Newsletter setLook(long id, Look look) {
    int changed =
        database.transaction(connection -> writeLook(connection, id, look, clock.instant()));
    if (changed != 1) {
      throw new NotFoundException("newsletter", "no newsletter with id " + id);
    }
    return byId(id);
  }

  private int writeLook(java.sql.Connection connection, long id, Look look, Instant now)
      throws SQLException {
    return Jdbc.update(
        connection,
        database.sql("set-newsletter-look"),
        look.logoUrl(),
        look.accentColor(),
        look.languageTag(),
        now,
        id);
  }

  /** The settable columns, in the order of insert-newsletter and update-newsletter. */
  private static Object[] settings(Newsletter valid) {
    return new Object[] {
      valid.name(),
      valid.cron().text(),
      valid.zone().getId(),
      valid.senderEmail(),
      valid.senderName(),
      valid.replyTo(),
      valid.subjectTemplate(),
      valid.templateSet(),
      valid.minArticles(),
      valid.maxArticles(),
      (int) valid.maxArticleAge().toHours(),
      valid.enabled()
    };
  }

  /** {@code first} (when not null), then {@code settings}, then {@code rest}. */
  private static Object[] params(Object first, Object[] settings, Object... rest) {
    java.util.List<Object> all = new java.util.ArrayList<>();
    if (first != null) {
      all.add(first);
    }
    all.addAll(java.util.Arrays.asList(settings));
    all.addAll(java.util.Arrays.asList(rest));
    return all.toArray();
  }

  public Optional<Newsletter> findBySlug(String slug) {
    return database.read(
        connection ->
            Jdbc.queryOne(
                connection, database.sql("newsletter-by-slug"), NewsletterStore::map, slug));
  }

  /** The newsletter with {@code slug}, or bad input naming it. */
  public Newsletter bySlug(String slug) {
    return findBySlug(slug)
        .orElseThrow(
            () -> new NotFoundException("newsletter", "unknown newsletter '" + slug + "'"));
  }

  public Optional<Newsletter> findById(long id) {
    return database.read(
        connection ->
            Jdbc.queryOne(connection, database.sql("newsletter-by-id"), NewsletterStore::map, id));
  }

  public Newsletter byId(long id) {
    return findById(id)
        .orElseThrow(() -> new NotFoundException("newsletter", "no newsletter with id " + id));
  }

  public List<Newsletter> list() {
    return database.read(
        connection ->
            Jdbc.query(connection, database.sql("list-newsletters"), NewsletterStore::map));
  }

  /** Active subscriptions per newsletter id. */
  public Map<Long, Long> activeSubscriberCounts() {
    return database.read(
        connection -> {
          Map<Long, Long> counts = new HashMap<>();
          for (long[] row :
              Jdbc.query(
                  connection,
                  database.sql("count-active-subscriptions"),
                  rs -> new long[] {rs.getLong(1), rs.getLong(2)})) {
            counts.put(row[0], row[1]);
          }
          return counts;
        });
  }

  static Newsletter map(ResultSet row) throws SQLException {
    return new Newsletter(
        row.getLong("id"),
        row.getString("slug"),
        row.getString("name"),
        CronSpec.parse(row.getString("cron")),
        ZoneId.of(row.getString("time_zone")),
        row.getString("sender_email"),
        row.getString("sender_name"),
        row.getString("reply_to"),
        row.getString("subject_template"),
        row.getString("template_set"),
        row.getInt("min_articles"),
        row.getInt("max_articles"),
        Duration.ofHours(row.getInt("max_article_age_hours")),
        row.getBoolean("enabled"),
        look(row));
  }

  private static Look look(ResultSet row) throws SQLException {
    String accent = row.getString("accent_color");
    String locale = row.getString("locale");
    return new Look(
        row.getString("logo_url"),
        accent == null ? Look.DEFAULT_ACCENT : accent,
        locale == null ? Look.DEFAULT.locale() : java.util.Locale.forLanguageTag(locale));
  }
}
