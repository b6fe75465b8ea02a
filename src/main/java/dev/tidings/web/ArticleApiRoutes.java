package dev.tidings.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidings.InvalidInputException;
import dev.tidings.article.Article;
import dev.tidings.article.ArticleImporter;
import dev.tidings.article.ArticleStore;
import dev.tidings.article.SourceLines;
import dev.tidings.newsletter.NewsletterStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /api/v1/articles}: an article from another system, as JSON. Answers 201 with the
 * stored article, 200 when an article with the same url was updated, 422 naming every field at
 * fault, 400 for a body that is not a JSON object. A body over the server's request limit (1 MB) is
 * refused with 413 by the server before this class sees it. Authentication is the API's, not this
 * class's.
 */
public final class ArticleApiRoutes {
  private static final long MAX_BODY_BYTES = 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ArticleImporter importer;
  private final ArticleStore articles;
  private final NewsletterStore newsletters;

  public ArticleApiRoutes(
      ArticleImporter importer, ArticleStore articles, NewsletterStore newsletters) {
    this.importer = importer;
    this.articles = articles;
    this.newsletters = newsletters;
  }

  void register(RoutesConfig routes) {
    routes.post("/api/v1/articles", this::create);
  }

  private void create(Context ctx) throws JsonProcessingException {
    Api.require(ctx, dev.tidings.editor.Editor.Role.EDITOR);
    // The server takes uploads of a few MB for the admin pages; an article over the API is JSON.
    if (ctx.contentLength() > MAX_BODY_BYTES) {
      // Read first (within the server's own limit): answered unread, the body left in the socket
      // made the close reset the connection, and the client could get no answer instead of 413.
      ctx.bodyAsBytes();
      throw new WebProblem(
          413, "too_large", "The body is larger than " + MAX_BODY_BYTES / 1024 / 1024 + " MB.");
    }
    JsonNode root;
    try {
      root = JSON.readTree(ctx.body());
    } catch (JsonProcessingException e) {
      error(ctx, 400, "the request body is not valid JSON: " + e.getOriginalMessage(), Map.of());
      return;
    }
    if (root == null || !root.isObject()) {
      error(ctx, 400, "the request body must be a JSON object", Map.of());
      return;
    }
    ArticleRequest.Parsed parsed = ArticleRequest.parse(root, newsletters);
    if (!parsed.problems().isEmpty()) {
      error(ctx, 422, "the article has invalid fields", parsed.problems());
      return;
    }
    ArticleStore.Saved saved;
    try {
      saved = articles.save(importer.parse(parsed.input(), SourceLines.NONE));
    } catch (InvalidInputException e) {
      String message = e.getMessage().replaceFirst("^request: ", "");
      error(ctx, 422, "the article has invalid fields", Map.of(fieldOf(e), message));
      return;
    }
    ctx.status(saved.created() ? 201 : 200)
        .contentType("application/json")
        .result(JSON.writeValueAsString(full(saved.article())));
  }

  /** The importer names its input "file"; over the API that input is the body. */
  private static String fieldOf(InvalidInputException e) {
    return "file".equals(e.field()) ? "body" : e.field();
  }

  private static Map<String, Object> full(Article article) {
    Map<String, Object> view = new LinkedHashMap<>(article.summary());
    view.put("body_html", article.bodyHtml());
    view.put("body_text", article.bodyText());
    view.put("image_url", article.imageUrl());
    return view;
  }

  /** Every API error has one shape, {@code {"error": {"code", "message", "fields"}}}. */
  private static void error(Context ctx, int status, String message, Map<String, String> fields) {
    throw new WebProblem(status, status == 400 ? "bad_json" : "invalid", message, fields);
  }
}
