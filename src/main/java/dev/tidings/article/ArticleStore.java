package dev.tidings.article;

import dev.tidings.db.DataAccessException;
import dev.tidings.db.Database;
import dev.tidings.db.Jdbc;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Articles in the database. The same url imported again updates the stored article instead of
 * adding a second one (a unique key on the url's hash enforces it, also between processes).
 * Thread-safe.
 */
public final class ArticleStore {
  private final Database database;
  private final Clock clock;

  public ArticleStore(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /**
   * The stored article, whether this call created it, and whether it changed anything (an import of
   * the same content again changes nothing, not even the update time).
   */
  public record Saved(Article article, boolean created, boolean changed) {}

  /**
   * Where a feed item came from: its feed and the item's guid (null when the feed gives none). A
   * draft from a file or the API has {@link #NONE}.
   */
  public record Origin(Long feedId, String source, String guid) {
    public static final Origin NONE = new Origin(null, null, null);

    String guidHash() {
      return guid == null || source == null ? null : sha256(source + "\n" + guid);
    }
  }

  public Saved save(ArticleDraft draft) {
    return save(draft, Origin.NONE);
  }

  /**
   * Stores {@code draft}, updating the article it matches: the same (source, guid), else the same
   * url, else (for a feed item) the same title and body from the same feed, else (for an article
   * without url) the same title and body. A draft without a date is dated now when inserted and
   * keeps its date when it updates.
   */
  public Saved save(ArticleDraft draft, Origin origin) {
    try {
      return database.transaction(connection -> saveIn(connection, draft, origin));
    } catch (DataAccessException e) {
      if (!e.isDuplicateKey()) {
        throw e;
      }
      // Another process inserted the same url between our look-up and insert: update it.
      return database.transaction(connection -> saveIn(connection, draft, origin));
    }
  }

  private Optional<Article> match(
      Connection connection, ArticleDraft draft, Origin origin, String contentHash)
      throws SQLException {
    String guidHash = origin.guidHash();
    if (guidHash != null) {
      Optional<Article> byGuid =
          Jdbc.queryOne(
              connection, database.sql("article-by-source-guid-hash"), ArticleStore::map, guidHash);
      if (byGuid.isPresent()) {
        return byGuid;
      }
    }
    if (draft.url() != null) {
      Optional<Article> byUrl =
          Jdbc.queryOne(
              connection,
              database.sql("article-by-url-hash"),
              ArticleStore::map,
              sha256(draft.url()));
      if (byUrl.isPresent()) {
        return byUrl;
      }
    }
    if (draft.url() == null && origin.feedId() == null) {
      return Jdbc.queryOne(
          connection,
          database.sql("article-without-url-by-content-hash"),
          ArticleStore::map,
          contentHash);
    }
    // A headline has no text: its title alone would merge different items (a podcast's "le Show").
    if (origin.feedId() != null && !draft.bodyText().isBlank()) {
      return Jdbc.queryOne(
          connection,
          database.sql("article-by-feed-content-hash"),
          ArticleStore::map,
          origin.feedId(),
          contentHash);
    }
    return Optional.empty();
  }

  /**
   * Replaces the content of article {@code id} with {@code draft}; the origin's guid, source and
   * feed replace the stored ones only when given. Returns the rows changed (0 or 1).
   */
  static int update(
      Database database,
      Connection connection,
      long id,
      ArticleDraft draft,
      Origin origin,
      Instant now)
      throws SQLException {
    return Jdbc.update(
        connection,
        database.sql("update-article"),
        draft.newsletterId(),
        draft.title(),
        draft.author(),
        draft.url(),
        draft.url() == null ? null : sha256(draft.url()),
        draft.excerpt(),
        draft.bodyHtml(),
        draft.bodyText(),
        draft.imageUrl(),
        draft.tags(),
        draft.wordCount(),
        draft.publishedAt(),
        now,
        contentHash(draft),
        ReadingTime.minutes(draft.wordCount()),
        origin.guid(),
        origin.source(),
        origin.guidHash(),
        origin.feedId(),
        id);
  }

  private Saved saveIn(Connection connection, ArticleDraft draft, Origin origin)
      throws SQLException {
    Instant now = clock.instant();
    String urlHash = draft.url() == null ? null : sha256(draft.url());
    String contentHash = contentHash(draft);
    int minutes = ReadingTime.minutes(draft.wordCount());
    Optional<Article> existing = match(connection, draft, origin, contentHash);
    long id;
    if (existing.isPresent() && same(existing.get(), draft)) {
      return new Saved(existing.get(), false, false);
    }
    if (existing.isPresent()) {
      id = existing.get().id();
      int changed = update(database, connection, id, draft, origin, now);
      if (changed != 1) {
        throw new DataAccessException("article " + id + " vanished while being updated");
      }
    } else {
      id =
          Jdbc.insert(
              connection,
              database.sql("insert-article"),
              draft.newsletterId(),
              draft.title(),
              draft.author(),
              draft.url(),
              urlHash,
              origin.guid(),
              origin.source(),
              origin.guidHash(),
              draft.excerpt(),
              draft.bodyHtml(),
              draft.bodyText(),
              draft.imageUrl(),
              draft.tags(),
              draft.wordCount(),
              "published",
              draft.publishedAt() != null ? draft.publishedAt() : now,
              now,
              now,
              contentHash,
              origin.feedId(),
              minutes);
    }
    Article article =
        Jdbc.queryOne(connection, database.sql("article-by-id"), ArticleStore::map, id)
            .orElseThrow();
    return new Saved(article, existing.isEmpty(), true);
  }

  /** True when storing {@code draft} over {@code stored} would change nothing a reader sees. */
  private static boolean same(Article stored, ArticleDraft draft) {
    return Objects.equals(stored.title(), draft.title())
        && Objects.equals(stored.author(), draft.author())
        && Objects.equals(stored.url(), draft.url())
        && Objects.equals(stored.excerpt(), draft.excerpt())
        && Objects.equals(stored.bodyHtml(), draft.bodyHtml())
        && Objects.equals(stored.imageUrl(), draft.imageUrl())
        && Objects.equals(stored.tags(), draft.tags())
        && Objects.equals(stored.newsletterId(), draft.newsletterId())
        && (draft.publishedAt() == null
            || stored.publishedAt().equals(draft.publishedAt().truncatedTo(ChronoUnit.MILLIS)));
  }

  /** The hash that tells a changed article from the same one imported again. */
  static String contentHash(ArticleDraft draft) {
    return sha256(draft.title() + "\n" + draft.bodyHtml());
  }

  public List<Article> latest(int limit) {
    return database.read(
        connection ->
            Jdbc.query(connection, database.sql("list-articles"), ArticleStore::map, limit));
  }

  /** Maps an {@code articles} row; shared with the edition planner's queries. */
  public static Article map(ResultSet row) throws SQLException {
    return new Article(
        row.getLong("id"),
        Jdbc.nullableLong(row, "newsletter_id"),
        row.getString("title"),
        row.getString("author"),
        row.getString("url"),
        row.getString("excerpt"),
        row.getString("body_html"),
        row.getString("body_text"),
        row.getString("image_url"),
        row.getString("tags"),
        row.getInt("word_count"),
        row.getString("status"),
        Jdbc.instant(row, "published_at"),
        Jdbc.instant(row, "ingested_at"));
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
