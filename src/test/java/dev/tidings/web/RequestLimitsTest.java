package dev.tidings.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.Harness;
import dev.tidings.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every route has a body limit, whatever the transfer encoding, and a body over it is refused with
 * 413 before it is parsed or stored. Before, 1 GiB of multipart to the public {@code /subscribe}
 * was accepted and spooled to the temporary folder, and a chunked body passed the API's 1 MB.
 */
class RequestLimitsTest {
  private static Harness harness;
  private static int port;
  private static String token;

  @BeforeAll
  static void start() throws Exception {
    harness = Harness.start(TestDatabase.Kind.H2, Map.of());
    harness.newsletter("weekly");
    harness.tidings.serve();
    port = harness.tidings.httpPort();
    token =
        harness
            .tidings
            .apiTokens()
            .create("ci", dev.tidings.editor.Editor.Role.EDITOR, "test")
            .secret();
  }

  @AfterAll
  static void stop() throws Exception {
    harness.close();
  }

  @Test
  void aDeclaredGibibyteOfMultipart_toTheSignUp_isRefusedBeforeItIsRead() throws Exception {
    String answer =
        exchange(
            "POST /subscribe HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: multipart/form-data; boundary=B\r\n"
                + "Content-Length: 1073741824\r\n\r\n"
                + "--B\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\nann@example.com\r\n",
            0);
    assertThat(answer).startsWith("HTTP/1.1 413");
  }

  @Test
  void aChunkedSignUp_isCutOffWithA413_onceItPassesItsLimit() throws Exception {
    String answer =
        exchange(
            "POST /subscribe HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: multipart/form-data; boundary=B\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n",
            4 * 1024 * 1024);
    assertThat(answer).startsWith("HTTP/1.1 413");
  }

  @Test
  void aChunkedApiBody_overOneMegabyte_isA413WithAJsonError() throws Exception {
    String answer =
        exchange(
            "POST /api/v1/articles HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n"
                + "Authorization: Bearer "
                + token
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
            3 * 1024 * 1024);
    assertThat(answer).startsWith("HTTP/1.1 413");
  }

  @Test
  void aSmallSignUp_stillWorks() throws Exception {
    String form = "email=ann%40example.com&newsletter=weekly";
    String answer =
        exchange(
            "POST /subscribe HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: "
                + form.length()
                + "\r\n\r\n"
                + form,
            0);
    assertThat(answer).startsWith("HTTP/1.1 200");
  }

  @Test
  void theLimits_byRoute() {
    assertThat(RequestLimits.of("/subscribe")).isEqualTo(RequestLimits.SMALL);
    assertThat(RequestLimits.of("/unsubscribe/1-2-abc")).isEqualTo(RequestLimits.SMALL);
    assertThat(RequestLimits.of("/admin/login")).isEqualTo(RequestLimits.SMALL);
    assertThat(RequestLimits.of("/api/v1/articles")).isEqualTo(RequestLimits.FORM);
    assertThat(RequestLimits.of("/admin/articles")).isEqualTo(RequestLimits.ARTICLE_UPLOAD);
    assertThat(RequestLimits.of("/admin/subscribers/import")).isEqualTo(RequestLimits.CSV_UPLOAD);
  }

  /**
   * Sends {@code head}, then {@code chunked} bytes as 64 KB chunks (stopping when the server has
   * closed its side), and returns the response's status line.
   */
  private static String exchange(String head, int chunked) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.UTF_8));
      out.flush();
      byte[] chunk = new byte[64 * 1024];
      java.util.Arrays.fill(chunk, (byte) 'x');
      byte[] size =
          (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
      try {
        for (int sent = 0; sent < chunked; sent += chunk.length) {
          out.write(size);
          out.write(chunk);
          out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
        }
        if (chunked > 0) {
          out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
        }
      } catch (IOException closed) {
        // The server answered and closed before the body was all sent: read what it said.
      }
      InputStream in = socket.getInputStream();
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = in.read()) >= 0 && c != '\n') {
        line.append((char) c);
      }
      return line.toString().trim();
    }
  }
}
