package dev.tidings.web;

import io.javalin.http.Context;
import io.javalin.validation.ValidationException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Path and query parameters read through Javalin's validators, with one answer for a bad value on
 * every page and API route: a path id that is no positive whole number names nothing, so it is a
 * 404 like an unknown id; a query number out of its range or no number at all is a 422 naming the
 * parameter and its range (a JSON error for the API, a message page for people).
 */
final class Params {
  /** The largest page number a list accepts. */
  static final int MAX_PAGE = 1_000_000;

  private Params() {}

  /** The {@code {id}} of the path, a positive whole number; else a 404 naming {@code what}. */
  static long id(Context ctx, String what) {
    return ctx.pathParamAsClass("id", Long.class)
        .check(id -> id > 0, "must be positive")
        .getOrThrow(
            errors ->
                new WebProblem(
                    404, "not_found", "There is no " + what + " " + ctx.pathParam("id") + "."));
  }

  /**
   * The query number {@code name} between {@code min} and {@code max}; {@code fallback} if unset.
   */
  static int number(Context ctx, String name, int fallback, int min, int max) {
    Map<String, String> errors = new LinkedHashMap<>();
    int value = number(ctx, name, fallback, min, max, errors);
    if (!errors.isEmpty()) {
      throw WebProblem.invalid(errors);
    }
    return value;
  }

  /**
   * As {@link #number(Context, String, int, int, int)}, adding a bad value's message to {@code
   * errors} instead of answering, so that one answer can name every parameter at fault.
   */
  static int number(
      Context ctx, String name, int fallback, int min, int max, Map<String, String> errors) {
    String raw = ctx.queryParam(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    try {
      return ctx.queryParamAsClass(name, Integer.class)
          .check(value -> value >= min && value <= max, "out of range")
          .get();
    } catch (ValidationException e) {
      errors.put(name, "must be a whole number from " + min + " to " + max + ", got '" + raw + "'");
      return fallback;
    }
  }

  /** The {@code page} of a paged list, from 1. */
  static int page(Context ctx) {
    return number(ctx, "page", 1, 1, MAX_PAGE);
  }
}
