package dev.tidings.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidings.editor.Editor;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the API routes share: the caller's role, JSON bodies and values, and paging. */
final class Api {
  static final String ROLE = "apiRole";
  static final String TOKEN_NAME = "apiTokenName";
  static final int MAX_PER_PAGE = 200;
  static final ObjectMapper JSON = new ObjectMapper();

  private Api() {}

  /** Refuses with 403 unless the request's token has {@code needed} (or a larger role). */
  static void require(Context ctx, Editor.Role needed) {
    Editor.Role role = ctx.attribute(ROLE);
    if (role == null || !role.covers(needed)) {
      throw new WebProblem(
          403, "forbidden", "This needs a token with the " + needed.value() + " role.");
    }
  }

  /** Who acts, for the records: the token's name. */
  static String who(Context ctx) {
    return "api:" + ctx.attribute(TOKEN_NAME);
  }

  static JsonNode body(Context ctx) {
    try {
      JsonNode body = JSON.readTree(ctx.body());
      if (body == null || !body.isObject()) {
        throw new WebProblem(400, "bad_json", "The body must be a JSON object.");
      }
      return body;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new WebProblem(
          400, "bad_json", "The body is not valid JSON: " + e.getOriginalMessage());
    }
  }

  static String text(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw WebProblem.invalid(Map.of(field, "must be a string"));
    }
    return value.asText().trim();
  }

  static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  /** {@code page} (from 1) and {@code per_page} (1 to 200, default 50) of a list request. */
  record Paging(int page, int perPage) {
    static Paging of(Context ctx) {
      Map<String, String> errors = new LinkedHashMap<>();
      int page = Params.number(ctx, "page", 1, 1, Params.MAX_PAGE, errors);
      int perPage = Params.number(ctx, "per_page", 50, 1, MAX_PER_PAGE, errors);
      if (!errors.isEmpty()) {
        throw WebProblem.invalid(errors);
      }
      return new Paging(page, perPage);
    }

    int offset() {
      return (page - 1) * perPage;
    }

    Map<String, Object> wrap(List<Object> data, long total) {
      Map<String, Object> page = new LinkedHashMap<>();
      page.put("data", data);
      page.put("page", this.page);
      page.put("per_page", perPage);
      page.put("total", total);
      return page;
    }
  }
}
