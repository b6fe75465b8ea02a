package dev.tidings.edition;

import com.github.mustachejava.Mustache;
import dev.tidings.article.Article;
import dev.tidings.newsletter.Newsletter;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders editions from the newsletter's template set ({@code templates/digest/<set>/}). The
 * article part ({@code articles.html}, {@code articles.txt}), the subject and the preheader are
 * rendered once per edition by {@link #renderShared}, which also measures the HTML a reader gets:
 * over the size limit (webmail clients clip long messages: Gmail at about 102 KB) it keeps the
 * first articles whole and lists the rest as headline links. The limit holds for every message as
 * sent: the guard keeps room for the widest personal values any subscriber can have (a
 * 200-character name and a 254-character address of the characters that escape longest, links with
 * the largest ids), not only for a typical reader's. {@link #personalizer} compiles the layouts
 * once and then fills in only the personal parts (greeting, signed links) per subscriber.
 * Thread-safe.
 */
public final class EditionRenderer {
  /** Default HTML size limit in bytes: under Gmail's clipping point with room for headers. */
  public static final int DEFAULT_HTML_LIMIT = 100_000;

  /** Personal values of a typical length, to measure an edition before anyone is known. */
  private static final Recipient SAMPLE =
      new Recipient(
          1_000_000,
          "a.reader.with.a.long.name@example-mail-provider.com",
          "Alexandra Reader",
          "https://news.example.com/unsubscribe/1000000-1000-AbCdEfGhIjKlMnOpQrStUv",
          "https://news.example.com/preferences/1000000-1000-AbCdEfGhIjKlMnOpQrStUv",
          "https://news.example.com/archive/newsletter-slug/1000000");

  /** The longest name a subscriber may have ({@code subscribers.name}, checked on import). */
  static final int NAME_LENGTH = 200;

  /** The largest id a signed link may carry ({@link dev.tidings.subscriber.Tokens}: 18 digits). */
  public static final long LARGEST_ID = 999_999_999_999_999_999L;

  /** The longest newsletter slug, which the archive link carries. */
  public static final int SLUG_LENGTH = 64;

  /**
   * The longest signed links a subscriber can be sent: links of {@link #LARGEST_ID} under the
   * service's base URL, with a slug of {@link #SLUG_LENGTH}.
   */
  public record LinkBounds(String unsubscribe, String preferences, String view, String archive) {
    /** Links under an example base URL, for renderers that are not wired to a service. */
    static final LinkBounds EXAMPLE =
        new LinkBounds(
            "https://news.example.com/unsubscribe/"
                + LARGEST_ID
                + "-"
                + LARGEST_ID
                + "-"
                + "A".repeat(22),
            "https://news.example.com/preferences/" + LARGEST_ID + "-0-" + "A".repeat(22),
            "https://news.example.com/archive/" + "a".repeat(SLUG_LENGTH) + "/" + LARGEST_ID,
            "https://news.example.com/archive");

    /** The public archive of {@code newsletter}: where an edition too long to list points. */
    String archiveOf(Newsletter newsletter) {
      return archive + "/" + newsletter.slug();
    }
  }

  private final Templates templates;
  private final String postalAddress;
  private final int htmlLimit;
  private final LinkBounds links;

  public EditionRenderer(Templates templates, String postalAddress) {
    this(templates, postalAddress, DEFAULT_HTML_LIMIT);
  }

  public EditionRenderer(Templates templates, String postalAddress, int htmlLimit) {
    this(templates, postalAddress, htmlLimit, LinkBounds.EXAMPLE);
  }

  /**
   * @param htmlLimit the largest HTML part, in bytes, a subscriber's message may have; past it
   *     articles are shortened to headline links
   * @param links the longest signed links of this service, kept room for under the limit
   */
  public EditionRenderer(
      Templates templates, String postalAddress, int htmlLimit, LinkBounds links) {
    this.templates = templates;
    this.postalAddress = postalAddress;
    this.htmlLimit = htmlLimit;
    this.links = links;
  }

  /**
   * The part of an edition that is the same for everyone.
   *
   * @param htmlBytes the measured size of a reader's HTML part
   * @param sizeNote why articles were shortened to headline links, or null when none were
   */
  public record SharedContent(
      String subject, String html, String text, String preheader, int htmlBytes, String sizeNote) {
    public SharedContent(String subject, String html, String text) {
      this(subject, html, text, "", 0, null);
    }
  }

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

  public int htmlLimit() {
    return htmlLimit;
  }

  /**
   * Renders the shared part, fitted to the size limit: the largest number of whole articles (from
   * the first) whose HTML stays within it, the rest as headline links; when not even all headlines
   * fit, as many headlines as do, and "and N more" with a link to the newsletter's archive.
   */
  public SharedContent renderShared(Newsletter newsletter, List<Article> articles, Instant at) {
    String subject = subject(newsletter, articles, at);
    String preheader = DigestScopes.preheader(articles);
    int count = articles.size();
    Shared all = shared(newsletter, articles, count, count, subject, preheader, at);
    // The personal values do not depend on the articles: what the widest subscriber adds over the
    // typical one is the same for every candidate, so it is measured once.
    int budget = htmlLimit - (all.widestBytes() - all.htmlBytes());
    if (all.htmlBytes() <= budget || count == 0) {
      return all.content(null);
    }
    // Binary search for the most whole articles that fit; fewer whole articles are never larger.
    Shared best = shared(newsletter, articles, 0, count, subject, preheader, at);
    if (best.htmlBytes() > budget) {
      // Not even every headline fits (a 200-article edition is 124 KB as headlines): list as many
      // as fit and count the rest, with a link to the archive, so the limit holds at any size.
      best =
          fit(
              budget,
              0,
              count - 1,
              listed -> shared(newsletter, articles, 0, listed, subject, preheader, at),
              shared(newsletter, articles, 0, 0, subject, preheader, at));
    } else {
      best =
          fit(
              budget,
              1,
              count - 1,
              full -> shared(newsletter, articles, full, count, subject, preheader, at),
              best);
    }
    String note =
        String.format(
            java.util.Locale.ROOT,
            "shortened: all %d articles in full would make %.1f KB of HTML, over the %.1f KB"
                + " limit (%.1f KB kept for the longest names and links); the first %d in full,"
                + " %d as headline links, %d counted with a link to the archive (%.1f KB)",
            count,
            all.htmlBytes() / 1000.0,
            htmlLimit / 1000.0,
            (htmlLimit - budget) / 1000.0,
            best.full(),
            best.listed() - best.full(),
            count - best.listed(),
            best.htmlBytes() / 1000.0);
    return best.content(note);
  }

  /**
   * The largest candidate between {@code low} and {@code high} whose HTML fits {@code budget}, else
   * {@code fallback}: a binary search, since a candidate with more in it is never smaller.
   */
  private static Shared fit(
      int budget,
      int low,
      int high,
      java.util.function.IntFunction<Shared> candidate,
      Shared fallback) {
    Shared best = fallback;
    while (low <= high) {
      int middle = (low + high) >>> 1;
      Shared tried = candidate.apply(middle);
      if (tried.htmlBytes() <= budget) {
        best = tried;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return best;
  }

  /**
   * One candidate rendering of the shared part, the size of the HTML a typical reader gets from it
   * and the size the widest personal values would make.
   */
  private record Shared(
      String subject,
      String html,
      String text,
      String preheader,
      int full,
      int listed,
      int htmlBytes,
      int widestBytes) {
    SharedContent content(String note) {
      return new SharedContent(subject, html, text, preheader, htmlBytes, note);
    }
  }

  private Shared shared(
      Newsletter newsletter,
      List<Article> articles,
      int full,
      int listed,
      String subject,
      String preheader,
      Instant at) {
    String set = "digest/" + newsletter.templateSet() + "/";
    Map<String, Object> scope =
        DigestScopes.articles(newsletter, articles, full, listed, links.archiveOf(newsletter));
    String html =
        Templates.render(templates.html(set + "articles.html"), set + "articles.html", scope);
    // A set without articles.txt gets its text part converted from the HTML.
    String text =
        templates.exists(set + "articles.txt")
            ? Templates.render(templates.text(set + "articles.txt"), set + "articles.txt", scope)
            : HtmlText.of(html);
    Map<String, Object> base =
        base(newsletter, subject, preheader, at, html, text, articles.size());
    Personalizer measure =
        new Personalizer(
            templates.html(set + "layout.html"),
            templates.text(set + "layout.txt"),
            set,
            base,
            templates);
    int bytes = HtmlSkeleton.crlf(measure.renderHtmlDirectly(SAMPLE)).length;
    int widest = HtmlSkeleton.crlf(measure.renderHtmlDirectly(widest())).length;
    return new Shared(subject, html, text, preheader, full, listed, bytes, widest);
  }

  /**
   * The subscriber whose personal values make the largest HTML: each character of the name and of
   * the part before the @ is the one whose HTML escape is longest, and the links are the longest
   * this service signs.
   */
  private Recipient widest() {
    String longest = " ";
    for (char c = ' '; c < 0x7f; c++) {
      String candidate = String.valueOf(c);
      if (escapedBytes(candidate) > escapedBytes(longest)) {
        longest = candidate;
      }
    }
    // A character outside the BMP is two chars of the 200 and four bytes: never more than 2 a char.
    String email = longest.repeat(64) + "@" + "a".repeat(254 - 65);
    return new Recipient(
        LARGEST_ID,
        email,
        longest.repeat(NAME_LENGTH),
        links.unsubscribe(),
        links.preferences(),
        links.view());
  }

  private int escapedBytes(String value) {
    return templates.escapeHtml(value).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }

  /**
   * Checks that {@code newsletter} can be rendered: its template set has the templates a digest
   * needs and they compile, and its subject template compiles and renders. Throws {@link
   * dev.tidings.InvalidInputException} naming the template at fault.
   */
  public void check(Newsletter newsletter) {
    String set = "digest/" + newsletter.templateSet() + "/";
    try {
      templates.html(set + "articles.html");
      templates.html(set + "layout.html");
      templates.text(set + "layout.txt");
      if (templates.exists(set + "articles.txt")) {
        templates.text(set + "articles.txt");
      }
    } catch (TemplateException e) {
      throw new dev.tidings.InvalidInputException(
          "template",
          "template set '" + newsletter.templateSet() + "' cannot be used: " + e.getMessage());
    }
    try {
      subject(newsletter, List.of(), Instant.EPOCH);
    } catch (TemplateException e) {
      throw new dev.tidings.InvalidInputException("subject", e.getMessage());
    }
  }

  /** The rendered subject line; never contains a line break. */
  public String subject(Newsletter newsletter, List<Article> articles, Instant at) {
    Map<String, Object> scope = new HashMap<>();
    scope.put("name", newsletter.name());
    scope.put("date", DigestScopes.date(newsletter, at));
    scope.put("count", articles.size());
    scope.put("firstTitle", articles.isEmpty() ? "" : articles.get(0).title());
    Mustache template =
        templates.inlineText(
            newsletter.subjectTemplate(), "subject template", "digest/" + newsletter.templateSet());
    String subject = Templates.render(template, "subject template", scope);
    return subject.replaceAll("[\\r\\n\\t]+", " ").trim();
  }

  /** Prepares the personal rendering of {@code edition}; reuse it for every subscriber. */
  public Personalizer personalizer(Newsletter newsletter, Edition edition) {
    return personalizer(newsletter, edition, null);
  }

  /**
   * Prepares the personal rendering of {@code edition} with the preheader chosen at planning (null
   * for one made of the article count).
   */
  public Personalizer personalizer(Newsletter newsletter, Edition edition, String preheader) {
    String set = "digest/" + newsletter.templateSet() + "/";
    Map<String, Object> base =
        base(
            newsletter,
            edition.subject(),
            preheader == null || preheader.isEmpty() ? countLine(edition) : preheader,
            edition.createdAt(),
            edition.contentHtml(),
            edition.contentText(),
            edition.articleCount());
    return new Personalizer(
        templates.html(set + "layout.html"),
        templates.text(set + "layout.txt"),
        set,
        base,
        templates);
  }

  private Map<String, Object> base(
      Newsletter newsletter,
      String subject,
      String preheader,
      Instant at,
      String html,
      String text,
      int articleCount) {
    Map<String, Object> base = new HashMap<>();
    base.put("newsletter", Map.of("name", newsletter.name(), "slug", newsletter.slug()));
    base.put("accentColor", newsletter.look().accentColor());
    base.put("accentOnDark", newsletter.look().accentOnDark());
    base.put("logoUrl", newsletter.look().logoUrl() == null ? "" : newsletter.look().logoUrl());
    base.put("language", newsletter.look().locale().getLanguage());
    base.put("subject", subject);
    base.put("preheader", preheader);
    base.put("editionDate", DigestScopes.date(newsletter, at));
    base.put("articlesHtml", html);
    base.put("articlesText", text);
    base.put("articleCount", articleCount);
    base.put("postalAddress", postalAddress);
    base.put("senderName", newsletter.senderName() == null ? "" : newsletter.senderName());
    return base;
  }

  private static String countLine(Edition edition) {
    return edition.articleCount() == 1
        ? "1 new article in this edition"
        : edition.articleCount() + " new articles in this edition";
  }
}
