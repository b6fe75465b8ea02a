package dev.tidings.edition;

import com.github.mustachejava.Mustache;
import dev.tidings.article.Article;
import dev.tidings.newsletter.Newsletter;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders editions from the newsletter's template set ({@code templates/digest/<set>/}). The
 * article part ({@code articles.html}, {@code articles.txt}) and the subject are rendered once per
 * edition by {@link #renderShared}; {@link #personalizer} compiles the layouts once and then fills
 * in only the personal parts (greeting, signed links) per subscriber. Thread-safe.
 */
public final class EditionRenderer {
  private static final String ACCENT = "#2f6fdf";
  private final Templates templates;
  private final String postalAddress;

  public EditionRenderer(Templates templates, String postalAddress) {
    this.templates = templates;
    this.postalAddress = postalAddress;
  }

  /** The part of an edition that is the same for everyone. */
  public record SharedContent(String subject, String html, String text) {}

  /** One subscriber's message bodies, both ready for the wire (UTF-8, CRLF). */
  public record PersonalContent(WirePart textPart, WirePart htmlPart) {
    /** The text with plain line ends (previews and tests). */
    public String text() {
      return textPart.string().replace("\r\n", "\n");
    }

    /** The HTML as a string (previews and tests). */
    public String html() {
      return htmlPart.string();
    }

    /** The HTML as UTF-8 with CRLF line ends. */
    public byte[] htmlBytes() {
      return htmlPart.bytes();
    }
  }

  public SharedContent renderShared(Newsletter newsletter, List<Article> articles, Instant at) {
    String set = "digest/" + newsletter.templateSet() + "/";
    Map<String, Object> scope = new HashMap<>();
    scope.put("articles", articleScopes(newsletter, articles));
    scope.put("accentColor", ACCENT);
    String html =
        Templates.render(templates.html(set + "articles.html"), set + "articles.html", scope);
    String text =
        Templates.render(templates.text(set + "articles.txt"), set + "articles.txt", scope);
    return new SharedContent(subject(newsletter, articles, at), html, text);
  }

  /** The rendered subject line; never contains a line break. */
  public String subject(Newsletter newsletter, List<Article> articles, Instant at) {
    Map<String, Object> scope = new HashMap<>();
    scope.put("name", newsletter.name());
    scope.put("date", editionDate(newsletter, at));
    scope.put("count", articles.size());
    scope.put("firstTitle", articles.isEmpty() ? "" : articles.get(0).title());
    Mustache template = templates.inlineText(newsletter.subjectTemplate(), "subject template");
    String subject = Templates.render(template, "subject template", scope);
    return subject.replaceAll("[\\r\\n\\t]+", " ").trim();
  }

  /** Prepares the personal rendering of {@code edition}; reuse it for every subscriber. */
  public Personalizer personalizer(Newsletter newsletter, Edition edition) {
    String set = "digest/" + newsletter.templateSet() + "/";
    Map<String, Object> base = new HashMap<>();
    base.put("newsletter", Map.of("name", newsletter.name(), "slug", newsletter.slug()));
    base.put("accentColor", ACCENT);
    base.put("subject", edition.subject());
    base.put("preheader", preheader(edition));
    base.put("editionDate", editionDate(newsletter, edition.createdAt()));
    base.put("articlesHtml", edition.contentHtml());
    base.put("articlesText", edition.contentText());
    base.put("articleCount", edition.articleCount());
    base.put("postalAddress", postalAddress);
    base.put("senderName", newsletter.senderName() == null ? "" : newsletter.senderName());
    return new Personalizer(
        templates.html(set + "layout.html"),
        templates.text(set + "layout.txt"),
        set,
        base,
        templates);
  }

  /**
   * Renders the personal layout of one edition. The HTML comes from an {@link HtmlSkeleton} and the
   * text from a {@link TextSkeleton}, one per shape (whether the subscriber has a name), built on
   * first use. Thread-safe.
   */
  public static final class Personalizer {
    private final Mustache html;
    private final Mustache text;
    private final String set;
    private final Map<String, Object> base;
    private final Templates templates;
    private final boolean skeletonSafe;
    private final java.util.concurrent.ConcurrentHashMap<Boolean, Skeletons> skeletons =
        new java.util.concurrent.ConcurrentHashMap<>();

    private record Skeletons(HtmlSkeleton html, TextSkeleton text) {}

    Personalizer(
        Mustache html, Mustache text, String set, Map<String, Object> base, Templates templates) {
      this.html = html;
      this.text = text;
      this.set = set;
      this.base = Map.copyOf(base);
      this.templates = templates;
      // Content that happens to contain the marker characters is rendered in full instead.
      this.skeletonSafe =
          base.values().stream().noneMatch(value -> HtmlSkeleton.hasMarkerCharacters(value));
    }

    public PersonalContent render(Recipient recipient) {
      String[] values = values(recipient);
      if (!skeletonSafe) {
        return new PersonalContent(
            WirePart.of(renderTextDirectly(recipient)),
            WirePart.of(Templates.render(html, set + "layout.html", scope(values))));
      }
      Skeletons skeleton = skeletons.computeIfAbsent(!values[0].isEmpty(), this::skeletons);
      byte[][] escaped = new byte[values.length][];
      for (int i = 0; i < values.length; i++) {
        escaped[i] =
            templates.escapeHtml(values[i]).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      }
      return new PersonalContent(
          skeleton.text().fill(values, TextWrap.COLUMNS), skeleton.html().fill(escaped));
    }

    private static String[] values(Recipient recipient) {
      return new String[] {
        recipient.name() == null ? "" : recipient.name(),
        recipient.email(),
        recipient.unsubscribeUrl(),
        recipient.preferencesUrl(),
        recipient.viewUrl()
      };
    }

    /** The text layout rendered in full and wrapped: the reference the skeleton must equal. */
    String renderTextDirectly(Recipient recipient) {
      return TextWrap.wrap(
          Templates.render(text, set + "layout.txt", scope(values(recipient))), TextWrap.COLUMNS);
    }

    /** The HTML layout rendered in full by Mustache: the reference the skeleton must equal. */
    String renderHtmlDirectly(Recipient recipient) {
      return Templates.render(html, set + "layout.html", scope(values(recipient)));
    }

    /** Renders both layouts once with markers for a subscriber with or without a name. */
    private Skeletons skeletons(boolean named) {
      String[] markers = new String[HtmlSkeleton.FIELDS.size()];
      for (int i = 0; i < markers.length; i++) {
        markers[i] = HtmlSkeleton.marker(i);
      }
      if (!named) {
        markers[0] = "";
      }
      Map<String, Object> scope = scope(markers);
      return new Skeletons(
          HtmlSkeleton.of(Templates.render(html, set + "layout.html", scope)),
          TextSkeleton.of(Templates.render(text, set + "layout.txt", scope), TextWrap.COLUMNS));
    }

    private Map<String, Object> scope(String[] values) {
      Map<String, Object> scope = new HashMap<>(base);
      scope.put("greetingName", values[0]);
      scope.put("recipientEmail", values[1]);
      scope.put(
          "links", Map.of("unsubscribe", values[2], "preferences", values[3], "view", values[4]));
      return scope;
    }
  }

  private static List<Map<String, Object>> articleScopes(
      Newsletter newsletter, List<Article> articles) {
    List<Map<String, Object>> scopes = new ArrayList<>();
    for (int i = 0; i < articles.size(); i++) {
      Article article = articles.get(i);
      Map<String, Object> scope = new HashMap<>();
      scope.put("title", article.title());
      scope.put("url", article.url() == null ? "" : article.url());
      scope.put("author", article.author() == null ? "" : article.author());
      scope.put("excerpt", article.excerpt() == null ? "" : article.excerpt());
      scope.put("imageUrl", article.imageUrl() == null ? "" : article.imageUrl());
      scope.put("imageAlt", article.title());
      scope.put("publishedDate", editionDate(newsletter, article.publishedAt()));
      // Mustache treats 0 as true: leave the key out to hide "0 min read".
      if (article.wordCount() > 0) {
        scope.put("readingMinutes", article.readingMinutes());
      }
      scope.put("first", i == 0);
      scope.put("last", i == articles.size() - 1);
      scopes.add(scope);
    }
    return scopes;
  }

  private static String preheader(Edition edition) {
    return edition.articleCount() == 1
        ? "1 new article in this edition"
        : edition.articleCount() + " new articles in this edition";
  }

  static String editionDate(Newsletter newsletter, Instant at) {
    return DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG)
        .withLocale(Locale.ENGLISH)
        .withZone(newsletter.zone())
        .format(at);
  }
}
