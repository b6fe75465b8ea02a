package dev.tidings.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.InvalidInputException;
import dev.tidings.article.ArticleImporter;
import dev.tidings.article.Fields;
import dev.tidings.newsletter.NewsletterStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON of {@code POST /api/v1/articles}, checked field by field so that one answer names every
 * field at fault. The body comes as {@code "body": "...", "format": "html"} or as {@code "body":
 * {"format": "markdown", "content": "..."}}; the format defaults to html.
 */
final class ArticleRequest {
  private static final Set<String> FIELDS =
      Set.of("title", "url", "body", "format", "author", "published_at", "tags", "newsletter");
  static final int MAX_TITLE = 500;
  static final int MAX_AUTHOR = 200;

  private final Map<String, String> problems = new LinkedHashMap<>();

  private ArticleRequest() {}

  /** The importer's input, or the problems of each field (field name to problem). */
  record Parsed(ArticleImporter.Input input, Map<String, String> problems) {}

  static Parsed parse(JsonNode root, NewsletterStore newsletters) {
    return new ArticleRequest().read(root, newsletters);
  }

  private Parsed read(JsonNode root, NewsletterStore newsletters) {
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        problems.put(name, "is not a known field");
      }
    }
    String title = text(root, "title", true, MAX_TITLE);
    String url = text(root, "url", true, 2000);
    if (url != null) {
      url = check("url", () -> Fields.url("request", "url", root.get("url").asText()));
    }
    String author = text(root, "author", false, MAX_AUTHOR);
    Instant publishedAt = null;
    String published = text(root, "published_at", false, 100);
    if (published != null) {
      publishedAt =
          check("published_at", () -> Fields.instant("request", "published_at", published));
    }
    List<String> tags = tags(root.get("tags"));
    Long newsletterId = null;
    String slug = text(root, "newsletter", false, 64);
    if (slug != null) {
      newsletterId = check("newsletter", () -> newsletters.bySlug(slug).id());
    }
    JsonNode bodyNode = root.get("body");
    JsonNode formatNode = root.get("format");
    String content = null;
    if (bodyNode != null && bodyNode.isObject()) {
      formatNode = bodyNode.get("format");
      content = text(bodyNode, "content", true, Integer.MAX_VALUE, "body");
    } else {
      content = text(root, "body", true, Integer.MAX_VALUE);
    }
    ArticleImporter.Format format = ArticleImporter.Format.HTML;
    if (formatNode != null && !formatNode.isNull()) {
      String name = formatNode.asText();
      format = check("format", () -> ArticleImporter.Format.parse("format", name));
    }
    if (!problems.isEmpty()) {
      return new Parsed(null, problems);
    }
    return new Parsed(
        new ArticleImporter.Input(
            "request", content, format, title, url, author, publishedAt, tags, newsletterId),
        problems);
  }

  private String text(JsonNode root, String field, boolean required, int max) {
    return text(root, field, required, max, field);
  }

  private String text(JsonNode root, String field, boolean required, int max, String label) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull() || node.isTextual() && node.asText().isBlank()) {
      if (required) {
        problems.put(label, "is required");
      }
      return null;
    }
    if (!node.isTextual()) {
      problems.put(label, "must be a string");
      return null;
    }
    if (node.asText().length() > max) {
      problems.put(label, "is longer than " + max + " characters");
      return null;
    }
    return node.asText();
  }

  private List<String> tags(JsonNode node) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    List<String> tags = new ArrayList<>();
    if (node.isTextual()) {
      for (String tag : node.asText().split(",")) {
        tags.add(tag);
      }
    } else if (node.isArray()) {
      for (JsonNode tag : node) {
        if (!tag.isTextual()) {
          problems.put("tags", "must be an array of strings");
          return List.of();
        }
        tags.add(tag.asText());
      }
    } else {
      problems.put("tags", "must be an array of strings");
      return List.of();
    }
    check("tags", () -> Fields.tags("request", tags));
    return tags;
  }

  /** Runs a check, recording its problem (without the input's name) under {@code field}. */
  private <T> T check(String field, java.util.function.Supplier<T> check) {
    try {
      return check.get();
    } catch (InvalidInputException e) {
      problems.put(field, e.getMessage().replaceFirst("^request: ", ""));
      return null;
    }
  }
}
