package dev.tidings.web;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cookie-keeping HTTP client for tests of the pages and the API: it does not follow redirects, so
 * a test sees each answer. Not thread-safe.
 */
public final class Browser {
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
  private final String base;
  private final HttpClient client;

  public Browser(String base) {
    this.base = base;
    this.client =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  public HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Posts a form; {@code fields} alternate names and values (a name may repeat). */
  public HttpResponse<String> post(String path, String... fields) throws Exception {
    List<String> pairs = new ArrayList<>();
    for (int i = 0; i < fields.length; i += 2) {
      pairs.add(
          URLEncoder.encode(fields[i], StandardCharsets.UTF_8)
              + "="
              + URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
    }
    return client.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(String.join("&", pairs)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Posts a form with an explicit {@code Cookie} header ({@code name=value}). */
  public HttpResponse<String> postWithCookie(String path, String cookie, String... fields)
      throws Exception {
    List<String> pairs = new ArrayList<>();
    for (int i = 0; i < fields.length; i += 2) {
      pairs.add(
          URLEncoder.encode(fields[i], StandardCharsets.UTF_8)
              + "="
              + URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
    }
    return client.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Cookie", cookie)
            .POST(HttpRequest.BodyPublishers.ofString(String.join("&", pairs)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Posts a multipart form: {@code fields} alternate names and values; a value starting with {@code
   * "file:NAME:"} is sent as a file called NAME with the rest as its content.
   */
  public HttpResponse<String> multipart(String path, String... fields) throws Exception {
    String boundary = "----tidings" + System.nanoTime();
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < fields.length; i += 2) {
      body.append("--").append(boundary).append("\r\n");
      String value = fields[i + 1];
      if (value.startsWith("file:")) {
        int split = value.indexOf(':', 5);
        body.append("Content-Disposition: form-data; name=\"")
            .append(fields[i])
            .append("\"; filename=\"")
            .append(value, 5, split)
            .append("\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            .append(value.substring(split + 1));
      } else {
        body.append("Content-Disposition: form-data; name=\"")
            .append(fields[i])
            .append("\"\r\n\r\n")
            .append(value);
      }
      body.append("\r\n");
    }
    body.append("--").append(boundary).append("--\r\n");
    return client.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A JSON request with optional bearer token; {@code body} null for none. */
  public HttpResponse<String> json(String method, String path, String token, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Accept", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The CSRF token of the first form on a page. */
  public static String csrf(String html) {
    Matcher matcher = CSRF.matcher(html);
    if (!matcher.find()) {
      throw new AssertionError("no csrf field in the page");
    }
    return matcher.group(1);
  }

  /** Logs in; returns the CSRF token of the admin pages. */
  public String login(String email, String password) throws Exception {
    String token = csrf(get("/admin/login").body());
    HttpResponse<String> answer =
        post(
            "/admin/login",
            "csrf",
            token,
            "email",
            email,
            "password",
            password,
            "next",
            "/admin/editions");
    if (answer.statusCode() != 302) {
      throw new AssertionError("login failed with " + answer.statusCode() + ": " + answer.body());
    }
    return csrf(get("/admin/editions").body());
  }
}
