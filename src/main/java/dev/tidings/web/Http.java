package dev.tidings.web;

import io.javalin.http.Context;

/** Small request helpers shared by the routes. */
final class Http {
  private Http() {}

  /**
   * The client's address: the socket's peer, or behind a trusted reverse proxy the last address of
   * {@code X-Forwarded-For} (the one the proxy itself added, which a client cannot forge).
   */
  static String clientAddress(Context ctx, boolean trustProxy) {
    if (trustProxy) {
      String forwarded = ctx.header("X-Forwarded-For");
      if (forwarded != null && !forwarded.isBlank()) {
        String[] hops = forwarded.split(",");
        String last = hops[hops.length - 1].trim();
        if (!last.isEmpty() && last.length() <= 45) {
          return last;
        }
      }
    }
    return ctx.ip();
  }

  /** A positive whole number from a form value (an id a form chose), or a 404 naming it. */
  static long id(String raw, String what) {
    try {
      long id = Long.parseLong(raw);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new WebProblem(404, "not_found", "There is no " + what + " " + raw + ".");
  }
}
