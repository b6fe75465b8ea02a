package dev.tidings.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidings.edition.Templates;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The service's own paths: the home page, {@code /health} (each check, 503 when one fails), {@code
 * /metrics} for Prometheus and the pages' assets.
 */
final class ServiceRoutes {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Pages pages;
  private final WebServer.Parts parts;

  ServiceRoutes(Pages pages, WebServer.Parts parts) {
    this.pages = pages;
    this.parts = parts;
  }

  void register(RoutesConfig routes) {
    routes.get("/", this::home);
    routes.get("/health", this::health);
    routes.get("/metrics", this::metrics);
    routes.get("/assets/{name}", this::asset);
  }

  private void home(Context ctx) {
    Map<String, Object> scope = new LinkedHashMap<>();
    scope.put("title", "Tidings");
    scope.put("catcher", parts.catcher() != null);
    scope.put("baseUrl", parts.links().base());
    pages.render(ctx, 200, "home", scope);
  }

  private void health(Context ctx) throws Exception {
    Map<String, Object> body = new LinkedHashMap<>();
    boolean healthy = true;
    for (WebServer.Check check : parts.checks()) {
      String problem;
      try {
        problem = check.problem().get();
      } catch (RuntimeException e) {
        problem = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      }
      body.put(check.name(), problem == null ? "ok" : problem);
      healthy &= problem == null;
      if (check.detail() != null) {
        body.put(check.name() + "_detail", check.detail().get());
      }
    }
    body.put("status", healthy ? "ok" : "degraded");
    ctx.status(healthy ? 200 : 503)
        .contentType("application/json")
        .result(JSON.writeValueAsString(body));
  }

  private void metrics(Context ctx) {
    parts.beforeScrape().run();
    ctx.contentType("text/plain; version=0.0.4").result(parts.metrics().scrape());
  }

  /** Scripts and images of the pages, from {@code templates/pages/assets/} (restylable). */
  private void asset(Context ctx) throws IOException {
    Templates templates = parts.templates();
    String name = ctx.pathParam("name");
    if (!name.matches("[a-z0-9-]{1,60}\\.(js|css|svg)")) {
      throw new WebProblem(404, "not_found", "There is nothing at this address.");
    }
    Path file = templates.root().resolve("pages/assets").resolve(name);
    if (!Files.isRegularFile(file)) {
      throw new WebProblem(404, "not_found", "There is nothing at this address.");
    }
    String type =
        name.endsWith(".js")
            ? "text/javascript; charset=utf-8"
            : name.endsWith(".css") ? "text/css; charset=utf-8" : "image/svg+xml";
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Cache-Control", "no-cache");
    ctx.contentType(type).result(Files.readAllBytes(file));
  }
}
