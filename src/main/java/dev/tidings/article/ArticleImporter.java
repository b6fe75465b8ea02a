package dev.tidings.article;

import dev.tidings.InvalidInputException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Turns a file (plain text, HTML or Markdown) into an {@link ArticleDraft}: title, sanitized HTML,
 * text, excerpt and word count. Pure: reads the file, touches no database. Thread-safe.
 */
public final class ArticleImporter {
  /** Larger files are refused: an article is not a book, and the body column has limits. */
  public static final long MAX_BYTES = 5L * 1024 * 1024;

  private static final Pattern TITLE_TAG =
      Pattern.compile("<title[^>]*>(.*?)</title>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern H1_TAG =
      Pattern.compile("<h1[^>]*>(.*?)</h1>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern IMG_SRC =
      Pattern.compile("<img[^>]*\\ssrc=\"([^\"]+)\"", Pattern.CASE_INSENSITIVE);
  private static final Pattern TAG = Pattern.compile("<[^>]*>");

  private final Clock clock;

  public ArticleImporter(Clock clock) {
    this.clock = clock;
  }

  /** Input formats. */
  public enum Format {
    TEXT,
    HTML,
    MARKDOWN;

    /** The format a file name suggests: .html/.htm, .md/.markdown, else text. */
    public static Format guess(Path file) {
      String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
      if (name.endsWith(".html") || name.endsWith(".htm")) {
        return HTML;
      }
      if (name.endsWith(".md") || name.endsWith(".markdown")) {
        return MARKDOWN;
      }
      return TEXT;
    }
  }

  /** Options that override what the file says; null fields are taken from the file. */
  public record Options(
      Format format, String title, String url, String publishedAt, Long newsletterId) {}

  /**
   * Reads {@code file} into a draft.
   *
   * @throws InvalidInputException naming the file and the problem
   */
  public ArticleDraft read(Path file, Options options) {
    String content = readText(file);
    Format format = options.format() != null ? options.format() : Format.guess(file);
    String url = validUrl(options.url(), file);
    Instant publishedAt = publishedAt(options.publishedAt(), file);
    switch (format) {
      case HTML:
        return fromHtml(file, content, options.title(), url, publishedAt, options.newsletterId());
      case MARKDOWN:
        return fromMarkdown(file, content, options, url, publishedAt);
      default:
        return fromText(file, content, options, url, publishedAt);
    }
  }

  private ArticleDraft fromText(
      Path file, String content, Options options, String url, Instant publishedAt) {
    List<String> paragraphs = paragraphs(content);
    String title = options.title();
    if (title == null) {
      if (paragraphs.isEmpty()) {
        throw new InvalidInputException("file", file + ": the file has no text");
      }
      String first = paragraphs.get(0);
      int newline = first.indexOf('\n');
      title = (newline < 0 ? first : first.substring(0, newline)).trim();
      String rest = newline < 0 ? "" : first.substring(newline + 1).trim();
      if (rest.isEmpty()) {
        paragraphs.remove(0);
      } else {
        paragraphs.set(0, rest);
      }
    }
    StringBuilder html = new StringBuilder();
    for (String paragraph : paragraphs) {
      html.append("<p>").append(escape(paragraph.replaceAll("\\s*\n\\s*", " "))).append("</p>\n");
    }
    String text = String.join("\n\n", paragraphs);
    return draft(
        file,
        options.newsletterId(),
        title,
        url,
        HtmlContent.sanitize(html.toString()),
        text,
        paragraphs,
        null,
        publishedAt);
  }

  private ArticleDraft fromMarkdown(
      Path file, String content, Options options, String url, Instant publishedAt) {
    String title = options.title();
    String body = content;
    if (title == null) {
      Matcher heading = Pattern.compile("(?m)^\\s*#\\s+(.+?)\\s*#*\\s*$").matcher(content);
      if (heading.find()) {
        title = heading.group(1);
        body = content.substring(0, heading.start()) + content.substring(heading.end());
      }
    }
    String html = HtmlRenderer.builder().build().render(Parser.builder().build().parse(body));
    return fromHtml(file, html, title, url, publishedAt, options.newsletterId());
  }

  private ArticleDraft fromHtml(
      Path file, String html, String title, String url, Instant publishedAt, Long newsletterId) {
    String heading = title;
    String body = html;
    if (heading == null) {
      Matcher h1 = H1_TAG.matcher(html);
      Matcher titleTag = TITLE_TAG.matcher(html);
      if (h1.find()) {
        heading = textOf(h1.group(1));
        body = html.substring(0, h1.start()) + html.substring(h1.end());
      } else if (titleTag.find()) {
        heading = textOf(titleTag.group(1));
      }
    }
    String bodyHtml = HtmlContent.sanitize(resolveLinks(body, url));
    String text = HtmlContent.toText(bodyHtml);
    if (heading == null || heading.isBlank()) {
      heading = text.lines().filter(line -> !line.isBlank()).findFirst().orElse("").trim();
    }
    Matcher image = IMG_SRC.matcher(bodyHtml);
    return draft(
        file,
        newsletterId,
        heading,
        url,
        bodyHtml,
        text,
        paragraphs(textOf(bodyHtml.replaceAll("(?i)</p>", "\n\n"))),
        image.find() ? image.group(1).replace("&amp;", "&") : null,
        publishedAt);
  }

  private ArticleDraft draft(
      Path file,
      Long newsletterId,
      String rawTitle,
      String url,
      String bodyHtml,
      String bodyText,
      List<String> paragraphs,
      String imageUrl,
      Instant publishedAt) {
    String title = rawTitle == null ? "" : rawTitle.replaceAll("\\s+", " ").trim();
    if (title.isEmpty()) {
      throw new InvalidInputException("title", file + ": no title found; give one with --title");
    }
    if (title.length() > 500) {
      title = title.substring(0, 499) + "…";
    }
    int words = bodyText.isBlank() ? 0 : bodyText.trim().split("\\s+").length;
    return new ArticleDraft(
        newsletterId,
        title,
        null,
        url,
        Excerpts.of(paragraphs),
        bodyHtml,
        bodyText,
        imageUrl,
        null,
        words,
        publishedAt);
  }

  /** Blank-line separated blocks, trimmed, without empty ones. */
  static List<String> paragraphs(String text) {
    List<String> paragraphs = new ArrayList<>();
    for (String block : text.replace("\r\n", "\n").replace('\r', '\n').split("\n\\s*\n")) {
      String trimmed = block.strip();
      if (!trimmed.isEmpty()) {
        paragraphs.add(trimmed);
      }
    }
    return paragraphs;
  }

  private static String resolveLinks(String html, String base) {
    if (base == null) {
      return html;
    }
    URI baseUri = URI.create(base);
    Matcher matcher = Pattern.compile("(?i)\\b(href|src)=\"([^\"]*)\"").matcher(html);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String target = matcher.group(2);
      String resolved = target;
      try {
        if (!target.isEmpty() && !new URI(target).isAbsolute()) {
          resolved = baseUri.resolve(target).toString();
        }
      } catch (URISyntaxException | IllegalArgumentException e) {
        resolved = target;
      }
      matcher.appendReplacement(
          out, Matcher.quoteReplacement(matcher.group(1) + "=\"" + resolved + "\""));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  private static String textOf(String html) {
    return TAG.matcher(html)
        .replaceAll("")
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#34;", "\"")
        .replace("&amp;", "&")
        .trim();
  }

  static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&#34;");
  }

  private static String readText(Path file) {
    try {
      if (!Files.isRegularFile(file)) {
        throw new InvalidInputException("file", file + ": no such file");
      }
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        throw new InvalidInputException(
            "file", file + ": " + size / (1024 * 1024) + " MB is larger than the 5 MB limit");
      }
      byte[] bytes = Files.readAllBytes(file);
      if (bytes.length == 0) {
        throw new InvalidInputException("file", file + ": the file is empty");
      }
      for (byte b : bytes) {
        if (b == 0) {
          throw new InvalidInputException("file", file + ": binary file, not text");
        }
      }
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
      if (text.isBlank()) {
        throw new InvalidInputException("file", file + ": the file has no text");
      }
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (NoSuchFileException e) {
      throw new InvalidInputException("file", file + ": no such file");
    } catch (CharacterCodingException e) {
      throw new InvalidInputException("file", file + ": not valid UTF-8 text");
    } catch (IOException e) {
      throw new InvalidInputException("file", file + ": cannot read: " + e.getMessage());
    }
  }

  private static String validUrl(String url, Path file) {
    if (url == null || url.isBlank()) {
      return null;
    }
    try {
      URI uri = new URI(url.trim());
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw new InvalidInputException("url", file + ": --url must be an http(s) URL: " + url);
      }
      return uri.toString();
    } catch (URISyntaxException e) {
      throw new InvalidInputException("url", file + ": invalid --url '" + url + "'");
    }
  }

  private Instant publishedAt(String value, Path file) {
    if (value == null || value.isBlank()) {
      return clock.instant();
    }
    String text = value.trim();
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException notOffset) {
      try {
        return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException notLocal) {
        try {
          return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notDate) {
          throw new InvalidInputException(
              "published-at",
              file
                  + ": --published-at '"
                  + value
                  + "' is not an ISO date such as 2026-11-27"
                  + " or 2026-11-27T08:00:00Z");
        }
      }
    }
  }
}
