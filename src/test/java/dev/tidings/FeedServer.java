package dev.tidings;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A local HTTP server for feed tests, on an ephemeral port: each path serves a body with an ETag
 * (answering 304 when the client sends it back), or is slow, or fails. Records every request.
 */
public final class FeedServer implements AutoCloseable {
  /**
   * What a path answers: the body's bytes as they are, with its Content-Type; {@code delayMillis}
   * before answering, to stand for a slow site.
   */
  public record Answer(
      int status,
      byte[] body,
      String contentType,
      String etag,
      String lastModified,
      long delayMillis,
      String location) {
    private static final String XML = "application/xml; charset=utf-8";

    public static Answer feed(String body, String etag) {
      return file(body.getBytes(StandardCharsets.UTF_8), XML, etag);
    }

    /** A file served as it is, with the given Content-Type, as a real site serves a capture. */
    public static Answer file(byte[] body, String contentType, String etag) {
      return new Answer(200, body, contentType, etag, "Wed, 25 Nov 2026 10:00:00 GMT", 0, null);
    }

    /** Another status with a short text body, after {@code delayMillis}. */
    public static Answer status(int status, String body, long delayMillis) {
      return new Answer(
          status, body.getBytes(StandardCharsets.UTF_8), XML, null, null, delayMillis, null);
    }

    /** A permanent redirect to {@code path} on this server. */
    public static Answer movedTo(String path) {
      return new Answer(301, new byte[0], XML, null, null, 0, path);
    }

    /** An HTML error page with {@code status}, as a web server answers a wrong address. */
    public static Answer htmlPage(int status, String html) {
      return new Answer(
          status,
          html.getBytes(StandardCharsets.UTF_8),
          "text/html; charset=utf-8",
          null,
          null,
          0,
          null);
    }
  }

  /** A request as the server saw it. */
  public record Seen(String path, String ifNoneMatch, String ifModifiedSince) {}

  private final HttpServer server;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final List<Seen> seen = new CopyOnWriteArrayList<>();

  public FeedServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", this::handle);
    server.start();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  public void serve(String path, Answer answer) {
    answers.put(path, answer);
  }

  public Answer answer(String path) {
    return answers.get(path);
  }

  public List<Seen> seen(String path) {
    return seen.stream().filter(request -> request.path().equals(path)).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
    seen.add(
        new Seen(path, ifNoneMatch, exchange.getRequestHeaders().getFirst("If-Modified-Since")));
    Answer answer = answers.get(path);
    try (exchange) {
      if (answer == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      if (answer.delayMillis() > 0) {
        try {
          Thread.sleep(answer.delayMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      if (answer.etag() != null && answer.etag().equals(ifNoneMatch)) {
        exchange.sendResponseHeaders(304, -1);
        return;
      }
      byte[] body = answer.body();
      if (answer.location() != null) {
        exchange.getResponseHeaders().add("Location", answer.location());
        exchange.sendResponseHeaders(answer.status(), -1);
        return;
      }
      if (answer.etag() != null) {
        exchange.getResponseHeaders().add("ETag", answer.etag());
      }
      if (answer.lastModified() != null) {
        exchange.getResponseHeaders().add("Last-Modified", answer.lastModified());
      }
      exchange.getResponseHeaders().add("Content-Type", answer.contentType());
      exchange.sendResponseHeaders(answer.status(), body.length);
      exchange.getResponseBody().write(body);
    } catch (IOException e) {
      // The client gave up (a timeout test): nothing to answer to.
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
