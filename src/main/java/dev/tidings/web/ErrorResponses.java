package dev.tidings.web;

import dev.tidings.InvalidInputException;
import dev.tidings.NotFoundException;
import dev.tidings.edition.TemplateException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a failed request answers: a login redirect, a {@link WebProblem} or invalid input as a JSON
 * error for the API and for scripts asking for JSON and as a message page for people, a plain 500
 * (logged) for a broken template or anything unexpected, and a page for unknown addresses.
 */
final class ErrorResponses {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

  private final Pages pages;

  ErrorResponses(Pages pages) {
    this.pages = pages;
  }

  void register(RoutesConfig routes) {
    routes.exception(AdminAuth.LoginRequired.class, (e, ctx) -> ctx.redirect(e.getMessage()));
    routes.exception(WebProblem.class, (e, ctx) -> problem(ctx, e));
    routes.exception(InvalidInputException.class, (e, ctx) -> problem(ctx, invalid(e)));
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
          Integer refused = clientError(e);
          if (refused != null) {
            // The server refused the request itself: a body over its route's limit (413).
            problem(
                ctx,
                new WebProblem(
                    refused, "too_large", RequestLimits.tooLarge(RequestLimits.of(ctx.path()))));
            return;
          }
          LOG.error("request {} {} failed", ctx.method(), ctx.path(), e);
          ctx.status(500)
              .contentType("text/plain; charset=utf-8")
              .result("Something went wrong on our side; it has been logged.");
        });
    // An address no route serves: Javalin's own plain-text 404 would carry no headers of ours.
    routes.exception(
        io.javalin.http.NotFoundResponse.class,
        (e, ctx) ->
            problem(ctx, new WebProblem(404, "not_found", "There is nothing at this address.")));
    routes.error(
        404,
        ctx -> {
          if (ctx.result() == null || ctx.result().isEmpty()) {
            problem(ctx, new WebProblem(404, "not_found", "There is nothing at this address."));
          }
        });
  }

  /** The 413 status of a body cut off by {@link RequestLimits}, found among the causes. */
  private static Integer clientError(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof org.eclipse.jetty.http.HttpException http && http.getCode() == 413) {
        return 413;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return null;
  }

  private static WebProblem invalid(InvalidInputException e) {
    return e instanceof NotFoundException
        ? new WebProblem(404, "not_found", e.getMessage())
        : new WebProblem(422, "invalid", e.getMessage(), Map.of(e.field(), e.getMessage()));
  }

  /**
   * A web problem as the caller expects it: a JSON error for the API and for scripts asking for
   * JSON, a message page for people.
   */
  private void problem(Context ctx, WebProblem problem) {
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
}
