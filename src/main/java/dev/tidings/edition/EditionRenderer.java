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

  /** One subscriber's message bodies. */
  public record PersonalContent(String html, String text) {}

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
        templates.html(set + "layout.html"), templates.text(set + "layout.txt"), set, base);
  }

  /** Renders the personal layout of one edition; immutable, thread-safe. */
  public static final class Personalizer {
    private final Mustache html;
    private final Mustache text;
    private final String set;
    private final Map<String, Object> base;

    Personalizer(Mustache html, Mustache text, String set, Map<String, Object> base) {
      this.html = html;
      this.text = text;
      this.set = set;
      this.base = Map.copyOf(base);
    }

    public PersonalContent render(Recipient recipient) {
      Map<String, Object> scope = new HashMap<>(base);
      scope.put("greetingName", recipient.name() == null ? "" : recipient.name());
      scope.put("recipientEmail", recipient.email());
      scope.put(
          "links",
          Map.of(
              "unsubscribe", recipient.unsubscribeUrl(),
              "preferences", recipient.preferencesUrl(),
              "view", recipient.viewUrl()));
      String htmlBody = Templates.render(html, set + "layout.html", scope);
      String textBody = Templates.render(text, set + "layout.txt", scope);
      return new PersonalContent(htmlBody, TextWrap.wrap(textBody, TextWrap.COLUMNS));
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
