package dev.tidings.article;

import dev.tidings.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;
import org.owasp.html.Sanitizers;

/**
 * Sanitizes article HTML (OWASP java-html-sanitizer) and derives its text. The policy keeps
 * formatting, headings, lists, links (http, https, mailto only), images (http, https only) with
 * their alt text, tables and block quotes; it drops scripts, styles, event handlers, forms and
 * frames. Relative links and images are resolved against the article's url before sanitizing, so
 * they survive as absolute http(s) addresses. Thread-safe.
 */
public final class HtmlContent {
  /** Deeper element nesting is refused: no article needs it, and it is a known parser attack. */
  static final int MAX_DEPTH = 200;

  private static final PolicyFactory POLICY =
      Sanitizers.FORMATTING
          .and(Sanitizers.BLOCKS)
          .and(Sanitizers.TABLES)
          .and(Sanitizers.LINKS)
          .and(
              new HtmlPolicyBuilder()
                  .allowUrlProtocols("http", "https")
                  .allowElements("img")
                  .allowAttributes("src")
                  .onElements("img")
                  .allowAttributes("alt", "title", "width", "height")
                  .onElements("img")
                  .allowElements("figure", "figcaption", "pre", "code", "hr", "br")
                  .toFactory());

  private static final Pattern LINK =
      Pattern.compile("(?i)(\\s(?:href|src)\\s*=\\s*)(?:\"([^\"]*)\"|'([^']*)')");
  private static final Pattern TAG = Pattern.compile("<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*?(/?)>");
  private static final Set<String> VOID =
      Set.of(
          "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
          "track", "wbr", "p", "li", "td", "tr", "th", "option", "dt", "dd");

  private HtmlContent() {}

  public static String sanitize(String html) {
    return POLICY.sanitize(html == null ? "" : html);
  }

  /** {@link #sanitize} after refusing too deep nesting and resolving links against {@code base}. */
  static String clean(String name, String html, String base) {
    int depth = depth(html);
    if (depth > MAX_DEPTH) {
      throw new InvalidInputException(
          "file",
          name + ": HTML nested " + depth + " elements deep, more than the limit of " + MAX_DEPTH);
    }
    return sanitize(resolveLinks(html, base));
  }

  /** A readable plain-text rendering of sanitized HTML (Markdown-like: links kept inline). */
  public static String toText(String sanitizedHtml) {
    return HtmlToText.of(sanitizedHtml);
  }

  /**
   * The deepest nesting of elements, counted leniently: elements that are often left open (p, li,
   * td…) and void elements are not counted, so sloppy but harmless HTML is not refused.
   */
  static int depth(String html) {
    int depth = 0;
    int deepest = 0;
    Matcher tag = TAG.matcher(html);
    while (tag.find()) {
      String name = tag.group(2).toLowerCase(Locale.ROOT);
      if (VOID.contains(name) || !tag.group(3).isEmpty()) {
        continue;
      }
      if (tag.group(1).isEmpty()) {
        depth++;
        deepest = Math.max(deepest, depth);
      } else if (depth > 0) {
        depth--;
      }
    }
    return deepest;
  }

  /** Rewrites relative href/src values as absolute addresses under {@code base} (may be null). */
  static String resolveLinks(String html, String base) {
    if (base == null) {
      return html;
    }
    URI baseUri = URI.create(base);
    Matcher matcher = LINK.matcher(html);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String target = matcher.group(2) != null ? matcher.group(2) : matcher.group(3);
      String resolved = target;
      try {
        URI uri = new URI(target.strip().replace("&amp;", "&"));
        if (!target.isBlank() && !uri.isAbsolute()) {
          resolved = baseUri.resolve(uri).toString().replace("&", "&amp;");
        }
      } catch (URISyntaxException | IllegalArgumentException e) {
        resolved = target;
      }
      matcher.appendReplacement(
          out,
          Matcher.quoteReplacement(matcher.group(1) + "\"" + resolved.replace("\"", "%22") + "\""));
    }
    matcher.appendTail(out);
    return out.toString();
  }
}
