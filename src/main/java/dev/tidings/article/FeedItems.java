package dev.tidings.article;

import com.rometools.rome.feed.synd.SyndCategory;
import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import dev.tidings.InvalidInputException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;

/**
 * Turns a parsed feed's entries into drafts through the HTML path of {@link ArticleImporter}: the
 * entry's full content when it has one, else its description; links resolved against the entry's
 * address. An entry that cannot become an article carries its error instead. Thread-safe.
 */
final class FeedItems {
  private final ArticleImporter importer;

  FeedItems(ArticleImporter importer) {
    this.importer = importer;
  }

  /** One entry: a draft with its origin, or the error naming the entry. */
  record Item(ArticleDraft draft, ArticleStore.Origin origin, String error) {}

  List<Item> of(Feed feed, SyndFeed parsed, Instant now) {
    List<Item> items = new ArrayList<>();
    int position = 0;
    for (SyndEntry entry : parsed.getEntries()) {
      position++;
      String name =
          "item " + position + (entry.getTitle() == null ? "" : " '" + entry.getTitle() + "'");
      try {
        items.add(item(feed, parsed, entry, name, now));
      } catch (InvalidInputException e) {
        items.add(new Item(null, null, e.getMessage()));
      }
    }
    return items;
  }

  private Item item(Feed feed, SyndFeed parsed, SyndEntry entry, String name, Instant now) {
    String url = link(feed, parsed, entry);
    String html = html(entry);
    if (html == null || html.isBlank()) {
      throw new InvalidInputException("body", name + ": the item has no content or description");
    }
    List<String> tags = new ArrayList<>();
    for (SyndCategory category : entry.getCategories()) {
      if (category.getName() != null && !category.getName().isBlank()) {
        tags.add(category.getName());
      }
    }
    Date date =
        entry.getPublishedDate() != null ? entry.getPublishedDate() : entry.getUpdatedDate();
    ArticleDraft draft =
        importer.parse(
            new ArticleImporter.Input(
                name,
                html,
                ArticleImporter.Format.HTML,
                entry.getTitle() == null || entry.getTitle().isBlank() ? null : entry.getTitle(),
                url,
                entry.getAuthor() == null || entry.getAuthor().isBlank() ? null : entry.getAuthor(),
                date == null ? now : date.toInstant(),
                Fields.fromCategories(tags),
                feed.newsletterId()),
            SourceLines.NONE);
    String guid = entry.getUri() == null || entry.getUri().isBlank() ? null : entry.getUri().trim();
    return new Item(draft, new ArticleStore.Origin(feed.id(), feed.url(), guid), null);
  }

  /** The entry's full content (Atom content, RSS content:encoded), else its description. */
  private static String html(SyndEntry entry) {
    for (SyndContent content : entry.getContents()) {
      if (content.getValue() != null && !content.getValue().isBlank()) {
        return asHtml(content);
      }
    }
    return entry.getDescription() == null ? null : asHtml(entry.getDescription());
  }

  private static String asHtml(SyndContent content) {
    String type = content.getType() == null ? "html" : content.getType().toLowerCase(Locale.ROOT);
    if (type.equals("text") || type.equals("text/plain")) {
      return "<p>" + ArticleImporter.escape(content.getValue()) + "</p>";
    }
    return content.getValue();
  }

  /** The entry's link as an absolute http(s) URL, resolved against the feed; null when none. */
  private static String link(Feed feed, SyndFeed parsed, SyndEntry entry) {
    String link = entry.getLink();
    if (link == null || link.isBlank()) {
      return null;
    }
    try {
      String base = parsed.getLink() != null ? parsed.getLink() : feed.url();
      String absolute = URI.create(base.trim()).resolve(link.trim()).toString();
      return Fields.url("link", "url", absolute);
    } catch (IllegalArgumentException | InvalidInputException e) {
      return null;
    }
  }
}
