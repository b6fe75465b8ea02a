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
    if (page.blocks().isEmpty()) {
      page = plainText(content, input.title() != null);
    }
    if (page.blocks().isEmpty()) {
      throw new InvalidInputException(
          "body", input.name() + ": no paragraph of article text found in the input");
    }
    StringBuilder html = new StringBuilder();
    List<String> text = new ArrayList<>();
    boolean inList = false;
    for (PageText.Block block : page.blocks()) {
      boolean item = block.kind() == PageText.Kind.ITEM;
      if (item != inList) {
        html.append(item ? "<ul>\n" : "</ul>\n");
        inList = item;
      }
      String tag = item ? "li" : block.kind() == PageText.Kind.HEADING ? "h3" : "p";
      html.append('<').append(tag).append('>').append(escape(block.text()));
      html.append("</").append(tag).append(">\n");
      text.add(item ? "- " + block.text() : block.text());
    }
    if (inList) {
      html.append("</ul>\n");
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

  /**
   * A short text with no line long enough to count as prose (a note, not a copied page) is taken as
   * it is: its first line is the title unless one was given, the rest its paragraphs. It must hold
   * one sentence at least.
   */
  private static PageText.Result plainText(String content, boolean titleGiven) {
    List<String> paragraphs = paragraphs(content);
    String title = null;
    if (!titleGiven && !paragraphs.isEmpty()) {
      String first = paragraphs.remove(0);
      int newline = first.indexOf('\n');
      title = (newline < 0 ? first : first.substring(0, newline)).strip();
      if (newline >= 0) {
        paragraphs.add(0, first.substring(newline + 1));
      }
    }
    List<PageText.Block> blocks = new ArrayList<>();
    for (String paragraph : paragraphs) {
      String clean = paragraph.strip().replaceAll("\\s+", " ");
      blocks.add(new PageText.Block(clean, PageText.Kind.PARAGRAPH));
    }
    // Without one sentence it is a menu or a list of links, not an article.
    boolean sentence = blocks.stream().anyMatch(block -> block.text().matches(".*[.!?…][\"”’)]*"));
    return new PageText.Result(title, null, null, sentence ? blocks : List.of());
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
    HtmlArticle article = HtmlArticle.read(input.name(), html, input.title(), input.url());
    return draft(
        input,
        article.title(),
        first(input.author(), article.author()),
        input.publishedAt() != null ? input.publishedAt() : article.publishedAt(),
        article.bodyHtml(),
        article.text(),
        article.paragraphs(),
        article.imageUrl());
  }

  /**
   * A feed item with a title and a link but no text: a headline, with an empty body and excerpt,
   * rather than a good item lost (a video, a photo, a link post).
   */
  ArticleDraft headline(Input input) {
    String title = oneLine(input.title(), 500);
    if (title == null || input.url() == null) {
      throw new InvalidInputException(
          "body", input.name() + ": a headline without text needs a title and a link");
    }
    return new ArticleDraft(
        input.newsletterId(),
        title,
        oneLine(input.author(), 200),
        input.url(),
        "",
        "",
        "",
        null,
        Fields.tags(input.name(), input.tags()),
        0,
        input.publishedAt());
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
        Excerpts.of(Excerpts.withoutBoilerplate(paragraphs), excerptLength),
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

  static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&#34;");
  }
}
