package dev.tidings.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * The headers every response starts with, before any handler runs, so that error pages and 404s
 * carry them too. The policy allows this site's own scripts, styles and forms; images from this
 * site, from https addresses (articles' pictures) and data URLs; frames from this site only (the
 * previews), and none around it; no {@code <base>} at all. A handler with other needs (the framed
 * preview, the caught mail) replaces the policy. The editors' pages and the API are never cached:
 * they show addresses, tokens and drafts.
 */
final class SecurityHeaders {
  static final String POLICY =
      "default-src 'self'; img-src 'self' https: data:; style-src 'self' 'unsafe-inline';"
          + " frame-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none';"
          + " object-src 'none'";

  void register(RoutesConfig routes) {
    routes.before(SecurityHeaders::apply);
  }

  static void apply(Context ctx) {
    ctx.header("Content-Security-Policy", POLICY);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    String path = ctx.path();
    if (path.equals("/admin") || path.startsWith("/admin/") || path.startsWith("/api/")) {
      ctx.header("Cache-Control", "no-store");
    }
  }
}
