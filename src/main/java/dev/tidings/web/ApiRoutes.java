package dev.tidings.web;

import dev.tidings.article.ArticleCatalog;
import dev.tidings.edition.EditionPlanner;
import dev.tidings.edition.EditionReports;
import dev.tidings.edition.EditionStore;
import dev.tidings.editor.ApiTokens;
import dev.tidings.newsletter.NewsletterStore;
import dev.tidings.subscriber.SubscriberDirectory;
import dev.tidings.subscriber.SubscriberStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * The REST API under {@code /api/v1}: bearer tokens (see {@link ApiTokens}) checked by one {@code
 * before} handler for every path below it, JSON errors naming the fields at fault, pages of {@code
 * page}/{@code per_page}, and its OpenAPI description at {@code /api/v1/openapi.json} (public).
 * Anonymous calls get 401, a token without the needed role 403.
 */
final class ApiRoutes {
  static final String PREFIX = "/api/v1";

  /** What the API reads and changes. */
  record Parts(
      ApiTokens tokens,
      NewsletterStore newsletters,
      EditionStore editions,
      EditionReports reports,
      EditionPlanner planner,
      SubscriberStore subscribers,
      SubscriberDirectory directory,
      ArticleCatalog articles,
      EditionAdmin progress,
      Runnable wakeDelivery,
      Clock clock) {}

  private final Parts parts;

  ApiRoutes(Parts parts) {
    this.parts = parts;
  }

  void register(RoutesConfig routes) {
    routes.before(PREFIX + "/*", this::authenticate);
    routes.get(PREFIX + "/openapi.json", ApiRoutes::openApi);
    new ApiEditionRoutes(parts).register(routes);
    new ApiDirectoryRoutes(parts).register(routes);
  }

  private void authenticate(Context ctx) {
    if (ctx.path().equals(PREFIX + "/openapi.json")) {
      return;
    }
    String header = ctx.header("Authorization");
    String secret =
        header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
            ? header.substring(7).trim()
            : null;
    ApiTokens.ApiToken token = parts.tokens().authenticate(secret).orElse(null);
    if (token == null) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"tidings\"");
      throw new WebProblem(
          401,
          "unauthorized",
          secret == null
              ? "Send an API token: Authorization: Bearer tid_..."
              : "The API token is unknown or revoked.");
    }
    ctx.attribute(Api.ROLE, token.role());
    ctx.attribute(Api.TOKEN_NAME, token.name());
  }

  private static void openApi(Context ctx) throws IOException {
    try (InputStream in = ApiRoutes.class.getResourceAsStream("/openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing from the jar");
      }
      ctx.contentType("application/json")
          .result(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
