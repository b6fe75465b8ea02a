package dev.tidings.article;

import com.rometools.modules.itunes.EntryInformation;
import com.rometools.modules.mediarss.MediaEntryModule;
import com.rometools.modules.mediarss.MediaModule;
import com.rometools.modules.mediarss.types.MediaContent;
import com.rometools.modules.mediarss.types.MediaGroup;
import com.rometools.modules.mediarss.types.Metadata;
import com.rometools.modules.mediarss.types.Thumbnail;
import com.rometools.modules.mediarss.types.UrlReference;
import com.rometools.rome.feed.synd.SyndCategory;
import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEnclosure;
import com.rometools.rome.feed.synd.SyndEntry;
import dev.tidings.InvalidInputException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import org.jdom2.Element;

/**
 * Turns a parsed feed's entries into drafts through the HTML path of {@link ArticleImporter}. The
 * text is the entry's full content, else its description, else its Media RSS description (YouTube
 * keeps its text in {@code media:group}), else its iTunes summary or subtitle. Titles are decoded
 * and cleaned to plain text once. Links and relative addresses in the text resolve against the
 * entry's base ({@code xml:base}, else the feed's address). The picture is the first of Media RSS
 * thumbnails and images, an image enclosure, the iTunes image, then the text's first image; a
 * tracking pixel is never one. An entry with a title and a link but no text is a headline. An entry
 * that cannot become an article carries its error instead. Thread-safe.
 */
final class FeedItems {
  /** A media:content with no type or medium is a picture when its path says so (the Guardian). */
  private static final java.util.regex.Pattern IMAGE_PATH =
      java.util.regex.Pattern.compile("(?i)\\.(?:jpe?g|png|gif|webp|avif)$");

  private final ArticleImporter importer;

  FeedItems(ArticleImporter importer) {
    this.importer = importer;
  }

  /**
   * One entry: a draft with its origin and the date the feed gives it (null when it gives none or
   * none that can be read), or the error naming the entry.
   */
  record Item(ArticleDraft draft, ArticleStore.Origin origin, Instant dated, String error) {}

  List<Item> of(Feed feed, FeedDocument document) {
    List<Item> items = new ArrayList<>();
    int position = 0;
    for (FeedDocument.Entry entry : document.entries()) {
      position++;
      String title = FeedText.title(entry.entry());
      String name = "item " + position + (title == null ? "" : " '" + title + "'");
      try {
        items.add(item(feed, entry, title, name));
      } catch (InvalidInputException e) {
        items.add(new Item(null, null, null, e.getMessage()));
      }
    }
    return items;
  }

  private Item item(Feed feed, FeedDocument.Entry found, String title, String name) {
    SyndEntry entry = found.entry();
    String base = found.base().toString();
    String url = link(base, entry.getLink());
    String html = html(entry);
    Instant dated = date(found);
    List<String> tags = new ArrayList<>();
    for (SyndCategory category : entry.getCategories()) {
      if (category.getName() != null && !category.getName().isBlank()) {
        tags.add(category.getName());
      }
    }
    ArticleImporter.Input input =
        new ArticleImporter.Input(
            name,
            html == null ? "" : HtmlContent.resolveLinks(html, contentBase(feed, found, url)),
            ArticleImporter.Format.HTML,
            title,
            url,
            entry.getAuthor() == null || entry.getAuthor().isBlank() ? null : entry.getAuthor(),
            dated,
            Fields.fromCategories(tags),
            feed.newsletterId());
    ArticleDraft draft;
    if (html == null || HtmlArticle.textOf(html).isBlank()) {
      if (title == null || url == null) {
        throw new InvalidInputException(
            "body", name + ": the item has no text, and no title and link to stand as a headline");
      }
      draft = importer.headline(input);
    } else {
      draft = importer.parse(input, SourceLines.NONE);
    }
    String image = picture(entry, base);
    // The text's own picture is never a tracker (HtmlArticle chose it): a media one goes first.
    if (image != null) {
      draft = draft.withImage(image);
    }
    String guid = entry.getUri() == null || entry.getUri().isBlank() ? null : entry.getUri().trim();
    return new Item(draft, new ArticleStore.Origin(feed.id(), feed.url(), guid), dated, null);
  }

  /**
   * What relative addresses in the entry's text resolve against: its xml:base when the feed sets
   * one, else its own link (a feed served from another host than its site, as FeedBurner's), else
   * the feed's address.
   */
  private static String contentBase(Feed feed, FeedDocument.Entry found, String url) {
    boolean declared = !found.base().toString().equals(feed.url());
    return declared || url == null ? found.base().toString() : url;
  }

  /** The feed's date for the entry: Rome's reading, else this project's reading of its text. */
  private static Instant date(FeedDocument.Entry found) {
    Date date =
        found.entry().getPublishedDate() != null
            ? found.entry().getPublishedDate()
            : found.entry().getUpdatedDate();
    if (date != null) {
      return date.toInstant();
    }
    Instant parsed = FeedDates.parse(found.rawDate());
    return parsed == null || parsed.isBefore(ArticleDraft.EARLIEST) ? null : parsed;
  }

  /**
   * The entry's text as HTML: full content (Atom content, RSS content:encoded), description, Media
   * RSS description, iTunes summary or subtitle; null when it has none.
   */
  private static String html(SyndEntry entry) {
    for (SyndContent content : entry.getContents()) {
      if (content.getValue() != null && !content.getValue().isBlank()) {
        return asHtml(content.getType(), content.getValue());
      }
    }
    if (entry.getDescription() != null && !blank(entry.getDescription().getValue())) {
      return asHtml(entry.getDescription().getType(), entry.getDescription().getValue());
    }
    for (Metadata metadata : media(entry)) {
      if (!blank(metadata.getDescription())) {
        return asHtml(metadata.getDescriptionType(), metadata.getDescription());
      }
    }
    if (entry.getModule(com.rometools.modules.itunes.ITunes.URI)
        instanceof EntryInformation itunes) {
      String text = !blank(itunes.getSummary()) ? itunes.getSummary() : itunes.getSubtitle();
      return blank(text) ? null : asHtml("text", text);
    }
    return null;
  }

  /**
   * Atom's {@code text} and Media RSS's {@code plain} are plain text; paragraphs (blank lines) are
   * kept. Rome labels every RSS 0.9/1.0 description {@code text/plain}, but publishers put HTML in
   * them as in RSS 2.0, so those are read as HTML.
   */
  private static String asHtml(String type, String value) {
    String kind = type == null ? "html" : type.toLowerCase(Locale.ROOT);
    if (kind.equals("text") || kind.equals("plain")) {
      StringBuilder html = new StringBuilder();
      for (String paragraph : ArticleImporter.paragraphs(value)) {
        html.append("<p>")
            .append(ArticleImporter.escape(paragraph).replace("\n", "<br>"))
            .append("</p>");
      }
      return html.toString();
    }
    return value;
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  /** The entry's Media RSS metadata: its own, its contents', its groups' and theirs. */
  private static List<Metadata> media(SyndEntry entry) {
    List<Metadata> found = new ArrayList<>();
    if (entry.getModule(MediaModule.URI) instanceof MediaEntryModule media) {
      add(found, media.getMetadata());
      for (MediaGroup group : media.getMediaGroups()) {
        add(found, group.getMetadata());
        for (MediaContent content : group.getContents()) {
          add(found, content.getMetadata());
        }
      }
      for (MediaContent content : media.getMediaContents()) {
        add(found, content.getMetadata());
      }
    }
    return found;
  }

  private static void add(List<Metadata> found, Metadata metadata) {
    if (metadata != null) {
      found.add(metadata);
    }
  }

  /** The entry's picture from its media, enclosures or iTunes image; null when none. */
  private static String picture(SyndEntry entry, String base) {
    List<String> candidates = new ArrayList<>();
    for (Metadata metadata : media(entry)) {
      for (Thumbnail thumbnail : metadata.getThumbnail()) {
        if (thumbnail.getUrl() != null) {
          candidates.add(thumbnail.getUrl().toString());
        }
      }
    }
    if (entry.getModule(MediaModule.URI) instanceof MediaEntryModule media) {
      List<MediaContent> contents = new ArrayList<>(List.of(media.getMediaContents()));
      for (MediaGroup group : media.getMediaGroups()) {
        contents.addAll(List.of(group.getContents()));
      }
      // The largest first: the Guardian lists a 140-pixel and a 460-pixel version.
      contents.sort(
          java.util.Comparator.comparing(
              (MediaContent content) -> content.getWidth() == null ? 0 : content.getWidth(),
              java.util.Comparator.reverseOrder()));
      for (MediaContent content : contents) {
        if (content.getReference() instanceof UrlReference reference
            && reference.getUrl() != null
            && (isImage(content.getType(), content.getMedium())
                || content.getType() == null
                    && content.getMedium() == null
                    && IMAGE_PATH.matcher(reference.getUrl().getPath()).find())) {
          candidates.add(reference.getUrl().toString());
        }
      }
    }
    for (SyndEnclosure enclosure : entry.getEnclosures()) {
      if (isImage(enclosure.getType(), null) && enclosure.getUrl() != null) {
        candidates.add(enclosure.getUrl());
      }
    }
    // RDF feeds (craigslist) carry their pictures as enc:enclosure, which Rome keeps as markup.
    for (Element element : entry.getForeignMarkup()) {
      if (element.getName().equals("enclosure")
          && isImage(element.getAttributeValue("type"), null)) {
        String resource = element.getAttributeValue("resource");
        candidates.add(resource != null ? resource : element.getAttributeValue("url"));
      }
    }
    if (entry.getModule(com.rometools.modules.itunes.ITunes.URI)
        instanceof EntryInformation itunes) {
      candidates.add(itunes.getImageUri());
    }
    for (String candidate : candidates) {
      String url = link(base, candidate);
      if (url != null && !Trackers.isTracker(url)) {
        return url;
      }
    }
    return null;
  }

  private static boolean isImage(String type, String medium) {
    return (type != null && type.toLowerCase(Locale.ROOT).startsWith("image/"))
        || "image".equalsIgnoreCase(medium);
  }

  /** {@code link} as an absolute http(s) URL resolved against {@code base}; null when none. */
  private static String link(String base, String link) {
    if (link == null || link.isBlank()) {
      return null;
    }
    try {
      String absolute = URI.create(base).resolve(encodeUnsafe(link.strip())).toString();
      return Fields.url("link", "url", absolute);
    } catch (IllegalArgumentException | InvalidInputException e) {
      return null;
    }
  }

  /** Spaces and the characters a URI may not hold bare, percent-encoded as a browser does. */
  private static String encodeUnsafe(String link) {
    StringBuilder out = new StringBuilder();
    for (char c : link.toCharArray()) {
      boolean bracket = (c == '[' || c == ']') && !link.contains("://[");
      if (c == ' ' || bracket || c == '|' || c == '"' || c == '<' || c == '>') {
        out.append('%').append(String.format("%02X", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
