package dev.tidings.web;

import dev.tidings.edition.Templates;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;

/** Renders the page templates of {@code templates/pages/} into responses. */
final class Pages {
  private final Templates templates;

  Pages(Templates templates) {
    this.templates = templates;
  }

  void render(Context ctx, int status, String page, Map<String, Object> scope) {
    ctx.status(status);
    SecurityHeaders.apply(ctx);
    ctx.html(templates.renderHtml("pages/" + page, scope));
  }

  void message(Context ctx, int status, String heading, String message) {
    Map<String, Object> scope = new HashMap<>();
    scope.put("title", heading);
    scope.put("heading", heading);
    scope.put("message", message);
    scope.put("status", status >= 400 ? "error" : "ok");
    render(ctx, status, "message", scope);
  }
}
