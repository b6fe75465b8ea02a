package dev.tidings.web;

import java.util.Map;

/**
 * A request the web cannot serve, with the status to answer: the API turns it into a JSON error
 * naming the fields at fault, the pages into a message page.
 */
final class WebProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String code;
  private final transient Map<String, String> fields;

  WebProblem(int status, String code, String message, Map<String, String> fields) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = fields;
  }

  WebProblem(int status, String code, String message) {
    this(status, code, message, Map.of());
  }

  /** A 422 whose message names each field with what is wrong with it, for pages and the API. */
  static WebProblem invalid(Map<String, String> fields) {
    java.util.List<String> each = new java.util.ArrayList<>();
    fields.forEach((field, problem) -> each.add(field + " " + problem));
    return new WebProblem(
        422, "invalid", "Some fields are invalid: " + String.join("; ", each) + ".", fields);
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  Map<String, String> fields() {
    return fields;
  }
}
