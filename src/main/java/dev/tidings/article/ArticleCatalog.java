package dev.tidings.article;

import dev.tidings.InvalidInputException;
import dev.tidings.db.Database;
import dev.tidings.db.Jdbc;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Finding articles for the editors' pages and the API, and holding one back: a {@code held} article
 * is left out of every edition until it is released ({@code published} again). A re-import of the
 * same URL keeps the hold. Thread-safe.
 */
public final class ArticleCatalog {
  private final Database database;
  private final Clock clock;

  public ArticleCatalog(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  public Optional<Article> find(long id) {
    return database.read(
        connection ->
            Jdbc.queryOne(connection, database.sql("article-by-id"), ArticleStore::map, id));
  }

  /**
   * A page of articles, newest first; {@code search} (title or URL) and {@code status} may be
   * blank.
   */
  public List<Article> search(String search, String status, int limit, int offset) {
    Object[] filter = filter(search, status);
    return database.read(
        connection ->
            Jdbc.query(
                connection,
                database.sql("search-articles"),
                ArticleStore::map,
                filter[0],
                filter[1],
                filter[1],
                filter[2],
                filter[2],
                limit,
                offset));
  }

  public long count(String search, String status) {
    Object[] filter = filter(search, status);
    return database.read(
        connection ->
            Jdbc.count(
                connection,
                database.sql("count-search-articles"),
                filter[0],
                filter[1],
                filter[1],
                filter[2],
                filter[2]));
  }

  /** Holds an article back ({@code true}) or releases it; false when there is no such article. */
  public boolean hold(long id, boolean held) {
    int changed =
        database.transaction(
            connection ->
                Jdbc.update(
                    connection,
                    database.sql("set-article-status"),
                    held ? "held" : "published",
                    clock.instant(),
                    id));
    if (changed == 0 && find(id).isPresent()) {
      throw new InvalidInputException("status", "article " + id + " cannot be held or released");
    }
    return changed == 1;
  }

  /**
   * Replaces the content of article {@code id} with {@code draft} (an editor's edit). Its status
   * and its editions stay; a URL that belongs to another article is refused.
   */
  public Article replace(long id, ArticleDraft draft) {
    String urlHash = draft.url() == null ? null : ArticleStore.sha256(draft.url());
    return database.transaction(
        connection -> {
          if (urlHash != null) {
            Optional<Article> owner =
                Jdbc.queryOne(
                    connection, database.sql("article-by-url-hash"), ArticleStore::map, urlHash);
            if (owner.isPresent() && owner.get().id() != id) {
              throw new InvalidInputException(
                  "url", "article " + owner.get().id() + " already has the URL " + draft.url());
            }
          }
          // guid, source and feed stay as they are.
          int changed =
              ArticleStore.update(
                  database, connection, id, draft, ArticleStore.Origin.NONE, clock.instant());
          if (changed != 1) {
            throw new dev.tidings.NotFoundException("article", "no article " + id);
          }
          return Jdbc.queryOne(connection, database.sql("article-by-id"), ArticleStore::map, id)
              .orElseThrow();
        });
  }

  private static Object[] filter(String search, String status) {
    String term = search == null ? "" : search.trim();
    String pattern = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    return new Object[] {term, pattern, status == null ? "" : status};
  }
}
