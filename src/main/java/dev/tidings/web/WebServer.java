package dev.tidings.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidings.InvalidInputException;
import dev.tidings.NotFoundException;
import dev.tidings.app.WebConfig;
import dev.tidings.article.ArticleCatalog;
import dev.tidings.article.ArticleImporter;
import dev.tidings.article.ArticleStore;
import dev.tidings.delivery.DigestMessages;
import dev.tidings.delivery.MailCatcher;
import dev.tidings.delivery.MessageComposer;
import dev.tidings.delivery.OneOffSender;
import dev.tidings.edition.EditionPlanner;
import dev.tidings.edition.EditionPreview;
import dev.tidings.edition.EditionRenderer;
import dev.tidings.edition.EditionReports;
import dev.tidings.edition.EditionStore;
import dev.tidings.edition.TemplateException;
import dev.tidings.edition.Templates;
import dev.tidings.editor.ApiTokens;
import dev.tidings.editor.EditorStore;
import dev.tidings.newsletter.NewsletterStore;
import dev.tidings.subscriber.Links;
import dev.tidings.subscriber.Signups;
import dev.tidings.subscriber.SubscriberDirectory;
import dev.tidings.subscriber.SubscriberImport;
import dev.tidings.subscriber.SubscriberStats;
import dev.tidings.subscriber.SubscriberStore;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of {@code tidings serve} (Javalin on Jetty): subscriber pages, the archive, the
 * mail catcher's inbox in the embedded default, {@code /health} and {@code /metrics}.
 */
public final class WebServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A named health check: returns null when fine, else the problem. */
  public record Check(String name, Supplier<String> problem) {}

  private final Javalin app;

  /** Everything the routes need. */
  public record Parts(
      Templates templates,
      Links links,
      SubscriberStore subscribers,
      NewsletterStore newsletters,
      EditionStore editions,
      MailCatcher catcher,
      PrometheusMeterRegistry metrics,
      java.util.List<Check> checks,
      Runnable beforeScrape,
      ArticleApiRoutes articleApi,
      Editors editors) {}

  /**
   * What the sign-up, the editors' pages and the API add: stores, the preview and planning of
   * editions, one-off mail, and the login settings.
   */
  public record Editors(
      EditorStore editors,
      ApiTokens apiTokens,
      Signups signups,
      ArticleStore articles,
      ArticleImporter importer,
      SubscriberImport subscriberImport,
      EditionReports reports,
      SubscriberStats stats,
      SubscriberDirectory directory,
      ArticleCatalog catalog,
      EditionPreview preview,
      EditionPlanner planner,
      EditionRenderer renderer,
      DigestMessages messages,
      MessageComposer composer,
      OneOffSender sender,
      Runnable wakeDelivery,
      Runnable syncSchedules,
      Clock clock,
      String secret,
      WebConfig config) {}

  public WebServer(String host, int port, Parts parts) {
    Pages pages = new Pages(parts.templates());
    Editors more = parts.editors();
    SubscriberRoutes subscriberRoutes =
        new SubscriberRoutes(pages, parts.links(), parts.subscribers(), parts.newsletters());
    ArchiveRoutes archive =
        new ArchiveRoutes(pages, parts.newsletters(), parts.editions(), parts.links());
    SignupRoutes signup =
        new SignupRoutes(
            pages,
            parts.links(),
            parts.newsletters(),
            parts.subscribers(),
            more.signups(),
            more.sender(),
            new ConfirmationMail(parts.templates()),
            more.clock(),
            more.config().subscribePerHour(),
            more.config().trustProxy());
    AdminAuth auth =
        new AdminAuth(
            pages,
            more.editors(),
            new Csrf(more.secret()),
            more.config().sessionTtl(),
            parts.links().base().startsWith("https:"),
            more.config().loginAttempts(),
            more.config().trustProxy());
    AdminPage adminPage = new AdminPage(parts.catcher() != null);
    EditionAdmin editionAdmin =
        new EditionAdmin(
            pages,
            adminPage,
            new EditionAdmin.Parts(
                parts.newsletters(),
                parts.editions(),
                more.reports(),
                more.preview(),
                more.planner(),
                more.renderer(),
                more.messages(),
                more.composer(),
                more.sender(),
                more.wakeDelivery(),
                more.clock()));
    this.app =
        Javalin.create(
            config -> {
              config.jetty.host = host;
              config.jetty.port = port;
              // Article uploads may reach 5 MB (the importer's limit).
              config.http.maxRequestSize = 6_000_000;
              config.startup.showJavalinBanner = false;
              RoutesConfig routes = config.routes;
              routes.get("/", ctx -> home(ctx, pages, parts));
              routes.get("/health", ctx -> health(ctx, parts));
              routes.get(
                  "/metrics",
                  ctx -> {
                    parts.beforeScrape().run();
                    ctx.contentType("text/plain; version=0.0.4").result(parts.metrics().scrape());
                  });
              routes.get("/assets/{name}", ctx -> asset(ctx, parts.templates()));
              subscriberRoutes.register(routes);
              archive.register(routes);
              parts.articleApi().register(routes);
              signup.register(routes);
              auth.register(routes);
              editionAdmin.register(routes);
              new DashboardAdmin(
                      pages,
                      adminPage,
                      parts.newsletters(),
                      more.reports(),
                      more.stats(),
                      more.clock())
                  .register(routes);
              new ArticleAdmin(
                      pages,
                      adminPage,
                      more.catalog(),
                      more.articles(),
                      more.importer(),
                      parts.newsletters())
                  .register(routes);
              new SubscriberAdmin(
                      pages,
                      adminPage,
                      parts.subscribers(),
                      more.directory(),
                      more.subscriberImport(),
                      parts.newsletters())
                  .register(routes);
              new NewsletterAdmin(
                      pages,
                      adminPage,
                      parts.newsletters(),
                      parts.templates().root(),
                      parts.links().base(),
                      more.syncSchedules(),
                      more.clock())
                  .register(routes);
              new TokenAdmin(pages, adminPage, more.apiTokens()).register(routes);
              new ApiRoutes(
                      new ApiRoutes.Parts(
                          more.apiTokens(),
                          parts.newsletters(),
                          parts.editions(),
                          more.reports(),
                          more.planner(),
                          parts.subscribers(),
                          more.directory(),
                          more.catalog(),
                          editionAdmin,
                          more.wakeDelivery(),
                          more.clock()))
                  .register(routes);
              routes.exception(
                  AdminAuth.LoginRequired.class, (e, ctx) -> ctx.redirect(e.getMessage()));
              routes.exception(WebProblem.class, (e, ctx) -> problem(ctx, pages, e));
              if (parts.catcher() != null) {
                new MailboxRoutes(pages, adminPage, parts.catcher()).register(routes);
              }
              routes.exception(
                  InvalidInputException.class,
                  (e, ctx) ->
                      problem(
                          ctx,
                          pages,
                          e instanceof NotFoundException
                              ? new WebProblem(404, "not_found", e.getMessage())
                              : new WebProblem(
                                  422,
                                  "invalid",
                                  e.getMessage(),
                                  Map.of(e.field(), e.getMessage()))));
              routes.exception(
                  TemplateException.class,
                  (e, ctx) -> {
                    LOG.error("page template failed: {}", e.getMessage());
                    ctx.status(500)
                        .contentType("text/plain; charset=utf-8")
                        .result("A page template is broken: " + e.getMessage());
                  });
              routes.exception(
                  Exception.class,
                  (e, ctx) -> {
                    LOG.error("request {} {} failed", ctx.method(), ctx.path(), e);
                    ctx.status(500)
                        .contentType("text/plain; charset=utf-8")
                        .result("Something went wrong on our side; it has been logged.");
                  });
              routes.error(
                  404,
                  ctx -> {
                    if (ctx.result() == null || ctx.result().isEmpty()) {
                      problem(
                          ctx,
                          pages,
                          new WebProblem(404, "not_found", "There is nothing at this address."));
                    }
                  });
            });
  }

  public void start() {
    app.start();
  }

  public int port() {
    return app.port();
  }

  /**
   * A web problem as the caller expects it: a JSON error for the API and for scripts asking for
   * JSON, a message page for people.
   */
  static void problem(Context ctx, Pages pages, WebProblem problem) {
    String accept = ctx.header("Accept");
    if (ctx.path().startsWith("/api/")
        || (accept != null && accept.startsWith("application/json"))) {
      Map<String, Object> error = new LinkedHashMap<>();
      error.put("code", problem.code());
      error.put("message", problem.getMessage());
      if (!problem.fields().isEmpty()) {
        error.put("fields", problem.fields());
      }
      ctx.status(problem.status()).json(Map.of("error", error));
      return;
    }
    pages.message(ctx, problem.status(), heading(problem.status()), problem.getMessage());
  }

  private static String heading(int status) {
    switch (status) {
      case 401:
        return "Please log in";
      case 403:
        return "Not allowed";
      case 404:
        return "Not found";
      case 409:
        return "Not possible right now";
      case 429:
        return "Too many requests";
      default:
        return status >= 500 ? "Something went wrong" : "Please check your input";
    }
  }

  /** Scripts and images of the pages, from {@code templates/pages/assets/} (restylable). */
  private static void asset(Context ctx, Templates templates) throws java.io.IOException {
    String name = ctx.pathParam("name");
    if (!name.matches("[a-z0-9-]{1,60}\\.(js|css|svg)")) {
      throw new WebProblem(404, "not_found", "There is nothing at this address.");
    }
    java.nio.file.Path file = templates.root().resolve("pages/assets").resolve(name);
    if (!java.nio.file.Files.isRegularFile(file)) {
      throw new WebProblem(404, "not_found", "There is nothing at this address.");
    }
    String type =
        name.endsWith(".js")
            ? "text/javascript; charset=utf-8"
            : name.endsWith(".css") ? "text/css; charset=utf-8" : "image/svg+xml";
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Cache-Control", "no-cache");
    ctx.contentType(type).result(java.nio.file.Files.readAllBytes(file));
  }

  private static void home(Context ctx, Pages pages, Parts parts) {
    Map<String, Object> scope = new LinkedHashMap<>();
    scope.put("title", "Tidings");
    scope.put("catcher", parts.catcher() != null);
    scope.put("baseUrl", parts.links().base());
    pages.render(ctx, 200, "home", scope);
  }

  private static void health(Context ctx, Parts parts) throws Exception {
    Map<String, Object> body = new LinkedHashMap<>();
    boolean healthy = true;
    for (Check check : parts.checks()) {
      String problem;
      try {
        problem = check.problem().get();
      } catch (RuntimeException e) {
        problem = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      }
      body.put(check.name(), problem == null ? "ok" : problem);
      healthy &= problem == null;
    }
    body.put("status", healthy ? "ok" : "degraded");
    ctx.status(healthy ? 200 : 503)
        .contentType("application/json")
        .result(JSON.writeValueAsString(body));
  }

  @Override
  public void close() {
    app.stop();
  }
}
