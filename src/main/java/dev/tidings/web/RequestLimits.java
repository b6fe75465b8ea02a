package dev.tidings.web;

import dev.tidings.article.InputText;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A size limit for the body of every request, by route, enforced in Jetty before any handler reads
 * a byte and whatever the transfer encoding: a declared length over the limit is answered 413 at
 * once, and a chunked body fails with 413 as soon as it passes the limit, so nothing larger is ever
 * parsed or spooled to disk (multipart forms included). Public forms take a few kilobytes; the
 * editors' uploads take what the importers take.
 */
final class RequestLimits extends Handler.Wrapper {
  /** Sign-up, confirmation, unsubscribe and preferences forms, the login, anything unlisted. */
  static final long SMALL = 16 * 1024;

  /** The editors' forms and the API's JSON. */
  static final long FORM = 1024 * 1024;

  /** An article upload: the importer's limit plus the form around it. */
  static final long ARTICLE_UPLOAD = InputText.MAX_BYTES + FORM;

  /** A subscriber CSV upload, streamed to a temporary file: a million rows fit. */
  static final long CSV_UPLOAD = 64L * 1024 * 1024;

  /** The largest body any route takes. */
  static final long LARGEST = CSV_UPLOAD;

  /** The limit of a request to {@code path}. */
  static long of(String path) {
    if (path.equals("/admin/subscribers/import")) {
      return CSV_UPLOAD;
    }
    if (path.equals("/admin/articles") || path.matches("/admin/articles/\\d+")) {
      return ARTICLE_UPLOAD;
    }
    if (path.equals("/admin/login")) {
      return SMALL;
    }
    if (path.startsWith("/admin/") || path.startsWith("/api/")) {
      return FORM;
    }
    return SMALL;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    long limit = of(Request.getPathInContext(request));
    long declared = request.getLength();
    if (declared > limit) {
      Response.writeError(request, response, callback, 413, tooLarge(limit));
      return true;
    }
    return super.handle(new Limited(request, limit), response, callback);
  }

  static String tooLarge(long limit) {
    return limit >= 1024 * 1024
        ? "The request is larger than this address takes (" + limit / (1024 * 1024) + " MB)."
        : "The request is larger than this address takes (" + limit / 1024 + " KB).";
  }

  /** The request with its body cut off, and failed with 413, once it passes the limit. */
  private static final class Limited extends Request.Wrapper {
    private final long limit;
    private long read;

    Limited(Request request, long limit) {
      super(request);
      this.limit = limit;
    }

    @Override
    public Content.Chunk read() {
      Content.Chunk chunk = super.read();
      if (chunk == null || Content.Chunk.isFailure(chunk)) {
        return chunk;
      }
      ByteBuffer buffer = chunk.getByteBuffer();
      read += buffer == null ? 0 : buffer.remaining();
      if (read > limit) {
        chunk.release();
        HttpException.RuntimeException failure =
            new HttpException.RuntimeException(413, tooLarge(limit));
        getWrapped().fail(failure);
        return Content.Chunk.from(failure, true);
      }
      return chunk;
    }
  }
}
