package dev.tidings.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidings.InvalidInputException;
import dev.tidings.delivery.MailCatcher;
import dev.tidings.edition.EditionStore;
import dev.tidings.edition.TemplateException;
import dev.tidings.edition.Templates;
import dev.tidings.newsletter.NewsletterStore;
import dev.tidings.subscriber.Links;
import dev.tidings.subscriber.SubscriberStore;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
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
      ArticleApiRoutes articleApi) {}

  public WebServer(String host, int port, Parts parts) {
    Pages pages = new Pages(parts.templates());
    SubscriberRoutes subscriberRoutes =
        new SubscriberRoutes(pages, parts.links(), parts.subscribers(), parts.newsletters());
    ArchiveRoutes archive =
        new ArchiveRoutes(pages, parts.newsletters(), parts.editions(), parts.links());
    this.app =
        Javalin.create(
            config -> {
              config.jetty.host = host;
              config.jetty.port = port;
              config.http.maxRequestSize = 1_000_000;
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
              subscriberRoutes.register(routes);
              archive.register(routes);
              parts.articleApi().register(routes);
              if (parts.catcher() != null) {
                new MailboxRoutes(pages, parts.catcher()).register(routes);
              }
              routes.exception(
                  InvalidInputException.class,
                  (e, ctx) -> pages.message(ctx, 400, "Invalid request", e.getMessage()));
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
                      pages.message(ctx, 404, "Not found", "There is nothing at this address.");
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
