package dev.tidings.web;

import dev.tidings.InvalidInputException;
import dev.tidings.article.Article;
import dev.tidings.article.ArticleCatalog;
import dev.tidings.article.ArticleDraft;
import dev.tidings.article.ArticleImporter;
import dev.tidings.article.ArticleStore;
import dev.tidings.newsletter.Newsletter;
import dev.tidings.newsletter.NewsletterStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The editors' article pages: list and search, write or edit (Markdown, HTML or text), upload a
 * file, hold back and release. Every new or edited text goes through {@link ArticleImporter}, the
 * same path as {@code tidings article import}, so HTML is sanitized the same way everywhere.
 */
final class ArticleAdmin {
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
  private static final int PAGE = 50;

  private final Pages pages;
  private final AdminPage page;
  private final ArticleCatalog catalog;
  private final ArticleStore store;
  private final ArticleImporter importer;
  private final NewsletterStore newsletters;

  ArticleAdmin(
      Pages pages,
      AdminPage page,
      ArticleCatalog catalog,
      ArticleStore store,
      ArticleImporter importer,
      NewsletterStore newsletters) {
    this.pages = pages;
    this.page = page;
    this.catalog = catalog;
    this.store = store;
    this.importer = importer;
    this.newsletters = newsletters;
  }

  void register(RoutesConfig routes) {
    routes.get("/admin/articles", this::list);
    routes.get("/admin/articles/new", ctx -> form(ctx, 200, null, Map.of(), null));
    routes.post("/admin/articles", this::create);
    routes.get("/admin/articles/{id}/edit", this::edit);
    routes.post("/admin/articles/{id}", this::update);
    routes.post("/admin/articles/{id}/hold", ctx -> hold(ctx, true));
    routes.post("/admin/articles/{id}/release", ctx -> hold(ctx, false));
  }

  private void list(Context ctx) {
    String search = ctx.queryParam("q") == null ? "" : ctx.queryParam("q");
    String status = ctx.queryParam("status") == null ? "" : ctx.queryParam("status");
    if (!status.matches("|published|held")) {
      status = "";
    }
    int pageNumber = Params.page(ctx);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Article article : catalog.search(search, status, PAGE, (pageNumber - 1) * PAGE)) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", article.id());
      row.put("title", article.title());
      row.put("url", article.url());
      row.put("status", article.status());
      row.put("held", "held".equals(article.status()));
      row.put("published", DAY.format(article.publishedAt()));
      row.put("author", article.author());
      rows.add(row);
    }
    Map<String, Object> scope = page.scope(ctx, "Articles", "articles");
    scope.put("articles", rows);
    scope.put("q", search);
    scope.put("total", catalog.count(search, status));
    scope.put("statusAll", status.isEmpty());
    scope.put("statusPublished", status.equals("published"));
    scope.put("statusHeld", status.equals("held"));
    scope.put("nextPage", rows.size() == PAGE ? pageNumber + 1 : null);
    scope.put("previousPage", pageNumber > 1 ? pageNumber - 1 : null);
    scope.put(
        "query",
        "q=" + java.net.URLEncoder.encode(search, StandardCharsets.UTF_8) + "&status=" + status);
    pages.render(ctx, 200, "admin/articles", scope);
  }

  /** The write/edit form; {@code article} null for a new one. */
  private void form(
      Context ctx, int status, Article article, Map<String, String> values, String error) {
    Map<String, Object> scope =
        page.scope(ctx, article == null ? "New article" : "Edit article", "articles");
    scope.put("action", article == null ? "/admin/articles" : "/admin/articles/" + article.id());
    scope.put("isNew", article == null);
    scope.put("error", error);
    scope.put("title", "Articles");
    scope.put("heading", article == null ? "New article" : "Edit article");
    String format = values.getOrDefault("format", article == null ? "markdown" : "html");
    scope.put("articleTitle", values.getOrDefault("title", article == null ? "" : article.title()));
    scope.put(
        "url",
        values.getOrDefault("url", article == null || article.url() == null ? "" : article.url()));
    scope.put("body", values.getOrDefault("body", article == null ? "" : article.bodyHtml()));
    scope.put(
        "publishedAt",
        values.getOrDefault(
            "published_at",
            article == null ? "" : DateTimeFormatter.ISO_INSTANT.format(article.publishedAt())));
    scope.put("formatMarkdown", format.equals("markdown"));
    scope.put("formatHtml", format.equals("html"));
    scope.put("formatText", format.equals("text"));
    List<Map<String, Object>> choices = new ArrayList<>();
    String chosen =
        values.getOrDefault(
            "newsletter",
            article == null || article.newsletterId() == null
                ? ""
                : String.valueOf(article.newsletterId()));
    for (Newsletter newsletter : newsletters.list()) {
      choices.add(
          Map.of(
              "id", newsletter.id(),
              "name", newsletter.name(),
              "selected", chosen.equals(String.valueOf(newsletter.id()))));
    }
    scope.put("newsletters", choices);
    if (article != null) {
      scope.put("id", article.id());
      scope.put("held", "held".equals(article.status()));
      scope.put("status", article.status());
    }
    pages.render(ctx, status, "admin/article-form", scope);
  }

  private void create(Context ctx) throws IOException {
    Map<String, String> values = values(ctx);
    try {
      ArticleDraft draft = draft(ctx, values);
      ArticleStore.Saved saved = store.save(draft);
      ctx.redirect("/admin/articles/" + saved.article().id() + "/edit?notice=saved");
    } catch (InvalidInputException e) {
      form(ctx, 422, null, values, e.getMessage());
    }
  }

  private Article article(Context ctx) {
    long id = Params.id(ctx, "article");
    return catalog
        .find(id)
        .orElseThrow(() -> new WebProblem(404, "not_found", "There is no article " + id + "."));
  }

  private void edit(Context ctx) {
    form(ctx, 200, article(ctx), Map.of(), null);
  }

  private void update(Context ctx) throws IOException {
    Article article = article(ctx);
    Map<String, String> values = values(ctx);
    try {
      catalog.replace(article.id(), draft(ctx, values));
      ctx.redirect("/admin/articles/" + article.id() + "/edit?notice=saved");
    } catch (InvalidInputException e) {
      form(ctx, 422, article, values, e.getMessage());
    }
  }

  private void hold(Context ctx, boolean held) {
    Article article = article(ctx);
    catalog.hold(article.id(), held);
    String back = ctx.formParam("back");
    ctx.redirect(
        back != null && back.startsWith("/admin/articles") && !back.startsWith("//")
            ? back
            : "/admin/articles");
  }

  private static Map<String, String> values(Context ctx) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String field : List.of("title", "url", "body", "format", "published_at", "newsletter")) {
      String value = ctx.formParam(field);
      values.put(field, value == null ? "" : value);
    }
    return values;
  }

  /**
   * Writes what the editor typed (or uploaded) to a temporary file and reads it back through the
   * importer: one path for the command line and the browser.
   */
  private ArticleDraft draft(Context ctx, Map<String, String> values) throws IOException {
    UploadedFile upload = ctx.uploadedFile("file");
    ArticleImporter.Format format;
    String suffix;
    Path file = null;
    try {
      if (upload != null && upload.size() > 0) {
        if (upload.size() > dev.tidings.article.InputText.MAX_BYTES) {
          throw new InvalidInputException("file", upload.filename() + " is larger than 5 MB");
        }
        suffix = suffixOf(upload.filename());
        file = Files.createTempFile("tidings-upload-", suffix);
        try (InputStream in = upload.content()) {
          Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        format = null;
      } else {
        if (values.get("body").isBlank()) {
          throw new InvalidInputException("body", "Write the article, or upload a file.");
        }
        format = format(values.get("format"));
        file = Files.createTempFile("tidings-article-", ".txt");
        Files.writeString(file, values.get("body"), StandardCharsets.UTF_8);
      }
      Long newsletterId = null;
      if (!values.get("newsletter").isEmpty()) {
        newsletterId = Http.id(values.get("newsletter"), "newsletter");
      }
      return importer.read(
          file,
          new ArticleImporter.Options(
              format,
              blankToNull(values.get("title")),
              blankToNull(values.get("url")),
              blankToNull(values.get("published_at")),
              newsletterId));
    } finally {
      if (file != null) {
        Files.deleteIfExists(file);
      }
    }
  }

  private static ArticleImporter.Format format(String value) {
    switch (value.toLowerCase(Locale.ROOT)) {
      case "html":
        return ArticleImporter.Format.HTML;
      case "text":
        return ArticleImporter.Format.TEXT;
      default:
        return ArticleImporter.Format.MARKDOWN;
    }
  }

  /** The upload's extension when the importer knows it (it picks the format), else .txt. */
  private static String suffixOf(String filename) {
    String name = filename == null ? "" : filename.toLowerCase(Locale.ROOT);
    for (String suffix : List.of(".html", ".htm", ".md", ".markdown", ".txt")) {
      if (name.endsWith(suffix)) {
        return suffix;
      }
    }
    return ".txt";
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
