package dev.tidings.article;

import com.vladsch.flexmark.html2md.converter.FlexmarkHtmlConverter;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;
import org.owasp.html.Sanitizers;

/**
 * Sanitizes article HTML (OWASP java-html-sanitizer) and derives its text. The policy keeps
 * formatting, links (http, https, mailto only), images (http, https only) with their alt text,
 * tables and block quotes; it drops scripts, styles, event handlers, forms and frames. Thread-safe.
 */
public final class HtmlContent {
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

  private static final FlexmarkHtmlConverter TO_TEXT = FlexmarkHtmlConverter.builder().build();

  private HtmlContent() {}

  public static String sanitize(String html) {
    return POLICY.sanitize(html == null ? "" : html);
  }

  /** A readable plain-text rendering of sanitized HTML (Markdown-like: links kept inline). */
  public static String toText(String sanitizedHtml) {
    return TO_TEXT.convert(sanitizedHtml).trim();
  }
}
