package dev.tidings.edition;

import dev.tidings.article.Article;
import dev.tidings.newsletter.Newsletter;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The next edition of a newsletter as it would be planned now, rendered but written nowhere: what
 * the editors' preview and test send show. Its id is 0.
 */
public final class EditionPreview {
  private final EditionPlanner planner;
  private final EditionRenderer renderer;
  private final Clock clock;

  public EditionPreview(EditionPlanner planner, EditionRenderer renderer, Clock clock) {
    this.planner = planner;
    this.renderer = renderer;
    this.clock = clock;
  }

  /** The next edition, or empty when no article is waiting (the send would be skipped). */
  public Optional<Edition> next(Newsletter newsletter, String subjectPrefix) {
    List<Article> articles = planner.nextArticles(newsletter);
    if (articles.isEmpty()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    EditionRenderer.SharedContent shared = renderer.renderShared(newsletter, articles, now);
    return Optional.of(
        new Edition(
            0,
            newsletter.id(),
            "preview",
            null,
            "preview",
            subjectPrefix + shared.subject(),
            Edition.Status.SENDING,
            null,
            shared.html(),
            shared.text(),
            articles.size(),
            0,
            now,
            null));
  }

  /** The articles the next edition would carry, oldest first. */
  public List<Article> articles(Newsletter newsletter) {
    return planner.nextArticles(newsletter);
  }
}
