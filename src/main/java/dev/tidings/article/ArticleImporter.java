package dev.tidings.article;

import dev.tidings.InvalidInputException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Turns an article's input (text copied from a web page, HTML or Markdown; from a file, the API or
 * a feed) into an {@link ArticleDraft}: title, author, date, sanitized HTML, text, excerpt and word
 * count. Pure: touches no database. Thread-safe.
 */
public final class ArticleImporter {
  private static final Pattern TITLE_TAG =
      Pattern.compile("<title[^>]*>(.*?)</title>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern HEAD =
      Pattern.compile("<head[^>]*>.*?</head>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern H1_TAG =
      Pattern.compile("<h1[^>]*>(.*?)</h1>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern META_AUTHOR =
      Pattern.compile(
          "<meta\\s+(?:name|property)=[\"'](?:author|article:author)[\"']\\s+content=[\"']([^\"']+)",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern META_DATE =
      Pattern.compile(
          "(?:<meta\\s+(?:name|property)=[\"'](?:article:published_time|date)[\"']\\s+content"
              + "|<time[^>]*\\sdatetime)=[\"']([^\"']+)",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern IMG_SRC =
      Pattern.compile("<img[^>]*\\ssrc=\"([^\"]+)\"", Pattern.CASE_INSENSITIVE);
  private static final Pattern BLOCK_END =
      Pattern.compile("(?i)</(?:p|h[1-6]|li|blockquote|pre|figcaption|td)>|<br\\s*/?>");
  private static final Pattern TAG = Pattern.compile("<[^>]*>");

  private final int excerptLength;

  public ArticleImporter(int excerptLength) {
    this.excerptLength = excerptLength;
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

    /** Parses a format's name (any case), naming {@code field} when it is unknown. */
    public static Format parse(String field, String name) {
      try {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(
            field, "unknown format '" + name + "': use text, html or markdown");
      }
    }
  }

  /**
   * One article's input. Every field but {@code name}, {@code content} and {@code format} may be
   * null: then it is taken from the content, or defaulted (the date to now).
   */
  public record Input(
      String name,
      String content,
      Format format,
      String title,
      String url,
      String author,
      Instant publishedAt,
      List<String> tags,
      Long newsletterId) {}

  /** Options of a file import that override what the file says; null fields are not set. */
  public record Options(
      Format format, String title, String url, String publishedAt, Long newsletterId) {}

  /** The outcome of one file of a batch: its draft, or the error that names it. */
  public record Outcome(Path file, ArticleDraft draft, InvalidInputException error) {}

  /**
   * Reads {@code files}, each on its own: a bad file is reported in its outcome and stops no other.
   * Text files in one folder are taken as pages of one source, so lines recurring across them are
   * treated as that site's chrome.
   */
  public List<Outcome> readAll(List<Path> files, Options options) {
    Map<Path, String> texts = new LinkedHashMap<>();
    Map<Path, InvalidInputException> errors = new LinkedHashMap<>();
    Map<Path, List<String>> bySource = new LinkedHashMap<>();
    for (Path file : files) {
      try {
        String text = InputText.read(file);
        texts.put(file, text);
        if (format(file, options) == Format.TEXT) {
          bySource.computeIfAbsent(folder(file), key -> new ArrayList<>()).add(text);
        }
      } catch (InvalidInputException e) {
        errors.put(file, e);
      }
    }
    Map<Path, SourceLines> sources = new LinkedHashMap<>();
    bySource.forEach((folder, pages) -> sources.put(folder, SourceLines.of(pages)));
    List<Outcome> outcomes = new ArrayList<>();
    for (Path file : files) {
      if (errors.containsKey(file)) {
        outcomes.add(new Outcome(file, null, errors.get(file)));
        continue;
      }
      try {
        SourceLines source = sources.getOrDefault(folder(file), SourceLines.NONE);
        outcomes.add(new Outcome(file, parse(input(file, texts.get(file), options), source), null));
      } catch (InvalidInputException e) {
        outcomes.add(new Outcome(file, null, e));
      }
    }
    return outcomes;
  }

  /** Reads one file on its own. */
  public ArticleDraft read(Path file, Options options) {
    return parse(input(file, InputText.read(file), options), SourceLines.NONE);
  }

  private Input input(Path file, String text, Options options) {
    String name = file.toString();
    return new Input(
        name,
        text,
        format(file, options),
        options.title(),
        Fields.url(name, "url", options.url()),
        null,
        options.publishedAt() == null
            ? null
            : Fields.instant(name, "published-at", options.publishedAt()),
        List.of(),
        options.newsletterId());
  }

  private static Format format(Path file, Options options) {
    return options.format() != null ? options.format() : Format.guess(file);
  }

  private static Path folder(Path file) {
    Path parent = file.toAbsolutePath().getParent();
    return parent == null ? Path.of("/") : parent;
  }

  /**
   * Turns {@code input} into a draft; {@code source} holds other pages of the same site (for text).
   *
   * @throws InvalidInputException naming the input and the problem
   */
  public ArticleDraft parse(Input input, SourceLines source) {
    String content = InputText.checked(input.name(), input.content());
    switch (input.format()) {
      case HTML:
        return fromHtml(input, content);
      case MARKDOWN:
        return fromMarkdown(input, content);
      default:
        return fromText(input, content, source);
    }
  }

  private ArticleDraft fromText(Input input, String content, SourceLines source) {
    PageText.Result page = PageText.read(content, source);
    if (page.blocks().isEmpty() && input.title() != null) {
      // A short text with its title given (the API, --title) is taken as it is: it has no page
      // around it, and a two-line note has no line long enough to count as prose.
      List<PageText.Block> blocks = new ArrayList<>();
      for (String paragraph : paragraphs(content)) {
        blocks.add(new PageText.Block(paragraph.replaceAll("\\s+", " "), false));
      }
      page = new PageText.Result(null, null, null, blocks);
    }
    if (page.blocks().isEmpty()) {
      throw new InvalidInputException(
          "body", input.name() + ": no paragraph of article text found in the input");
    }
    StringBuilder html = new StringBuilder();
    List<String> text = new ArrayList<>();
    for (PageText.Block block : page.blocks()) {
      String tag = block.heading() ? "h3" : "p";
      html.append('<').append(tag).append('>').append(escape(block.text()));
      html.append("</").append(tag).append(">\n");
      text.add(block.text());
    }
    return draft(
        input,
        first(input.title(), page.title()),
        first(input.author(), page.author()),
        input.publishedAt() != null ? input.publishedAt() : page.publishedAt(),
        HtmlContent.sanitize(html.toString()),
        String.join("\n\n", text),
        page.paragraphs(),
        null);
  }

  private ArticleDraft fromMarkdown(Input input, String content) {
    String title = input.title();
    String body = content;
    if (title == null) {
      Matcher heading = Pattern.compile("(?m)^\\s*#\\s+(.+?)\\s*#*\\s*$").matcher(content);
      if (heading.find()) {
        title = heading.group(1);
        body = content.substring(0, heading.start()) + content.substring(heading.end());
      }
    }
    String html = HtmlRenderer.builder().build().render(Parser.builder().build().parse(body));
    return fromHtml(
        new Input(
            input.name(),
            html,
            Format.HTML,
            title,
            input.url(),
            input.author(),
            input.publishedAt(),
            input.tags(),
            input.newsletterId()),
        html);
  }

  private ArticleDraft fromHtml(Input input, String html) {
    String heading = input.title();
    String body = HEAD.matcher(html).replaceAll("");
    Matcher titleTag = TITLE_TAG.matcher(html);
    if (heading == null) {
      Matcher h1 = H1_TAG.matcher(body);
      if (h1.find()) {
        heading = textOf(h1.group(1));
        body = body.substring(0, h1.start()) + body.substring(h1.end());
      } else if (titleTag.find()) {
        heading = textOf(titleTag.group(1));
      }
    }
    body = TITLE_TAG.matcher(body).replaceAll("");
    String bodyHtml = HtmlContent.clean(input.name(), body, input.url());
    String text = HtmlContent.toText(bodyHtml);
    if (heading == null || heading.isBlank()) {
      heading = text.lines().filter(line -> !line.isBlank()).findFirst().orElse("").trim();
    }
    Matcher image = IMG_SRC.matcher(bodyHtml);
    Matcher author = META_AUTHOR.matcher(html);
    Matcher date = META_DATE.matcher(html);
    Instant published = input.publishedAt();
    if (published == null && date.find()) {
      published = Fields.instantOrNull(date.group(1));
    }
    return draft(
        input,
        heading,
        first(input.author(), author.find() ? textOf(author.group(1)) : null),
        published,
        bodyHtml,
        text,
        paragraphs(textOf(BLOCK_END.matcher(bodyHtml).replaceAll("\n\n"))),
        image.find() ? image.group(1).replace("&amp;", "&") : null);
  }

  private ArticleDraft draft(
      Input input,
      String rawTitle,
      String rawAuthor,
      Instant publishedAt,
      String bodyHtml,
      String bodyText,
      List<String> paragraphs,
      String imageUrl) {
    String title = oneLine(rawTitle, 500);
    if (title == null) {
      throw new InvalidInputException("title", input.name() + ": no title found; give one");
    }
    if (bodyText.isBlank()) {
      throw new InvalidInputException("body", input.name() + ": the article has no text");
    }
    int words = bodyText.trim().split("\\s+").length;
    return new ArticleDraft(
        input.newsletterId(),
        title,
        oneLine(rawAuthor, 200),
        input.url(),
        Excerpts.of(paragraphs, excerptLength),
        bodyHtml,
        bodyText,
        imageUrl,
        Fields.tags(input.name(), input.tags()),
        words,
        publishedAt);
  }

  /** Collapsed to one line (no CR/LF reaches a header or a subject), cut to {@code max}. */
  private static String oneLine(String value, int max) {
    if (value == null) {
      return null;
    }
    String line = value.replaceAll("[\\s\\p{Cc}]+", " ").trim();
    if (line.isEmpty()) {
      return null;
    }
    return line.length() > max ? line.substring(0, max - 1) + "…" : line;
  }

  private static String first(String given, String found) {
    return given != null && !given.isBlank() ? given : found;
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

  private static String textOf(String html) {
    return TAG.matcher(html)
        .replaceAll("")
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#34;", "\"")
        .replace("&#61;", "=")
        .replace("&#64;", "@")
        .replace("&#43;", "+")
        .replace("&#96;", "`")
        .replace("&amp;", "&")
        .trim();
  }

  static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&#34;");
  }
}
