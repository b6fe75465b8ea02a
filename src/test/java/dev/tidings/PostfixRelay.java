package dev.tidings;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Postfix smtpd in a child process ({@code scripts/postfix-relay.sh}): a private instance on
 * a free port with STARTTLS from the tests' CA, {@code reject_non_fqdn_helo_hostname}, and its
 * queue emptied into the discard transport. What it accepted and whom it refused are read back from
 * its own mail log.
 */
public final class PostfixRelay implements AutoCloseable {
  private static final Pattern MESSAGE_ID =
      Pattern.compile("cleanup\\[\\d+\\]: \\w+: message-id=(<[^>]*>)");
  private static final Pattern HELO =
      Pattern.compile("NOQUEUE: warn: RCPT from .*?: helo=([^;]*);");
  private final Process process;
  private final Path dir;
  private final int port;

  private PostfixRelay(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  /** Starts Postfix with the {@link TestCertificates} certificate {@code certificate}. */
  public static PostfixRelay start(String certificate) throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    Path dir = Files.createTempDirectory("tidings-postfix");
    TestCertificates certificates = TestCertificates.get();
    Process process =
        new ProcessBuilder(
                Path.of("scripts/postfix-relay.sh").toAbsolutePath().toString(),
                dir.toString(),
                String.valueOf(port),
                certificates.certificate(certificate).toString(),
                certificates.key(certificate).toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("master.out").toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(
            "Postfix did not start: " + Files.readString(dir.resolve("master.out")));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return new PostfixRelay(process, dir, port);
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    process.destroyForcibly();
    throw new IOException("Postfix did not listen on port " + port + " within 30 s");
  }

  public int port() {
    return port;
  }

  /** The Message-IDs of the messages Postfix queued, in order. */
  public List<String> messageIds() throws IOException {
    return matches(MESSAGE_ID);
  }

  /** The EHLO name of every recipient's RCPT, in order. */
  public List<String> helos() throws IOException {
    return matches(HELO);
  }

  /** How many RCPT commands Postfix refused. */
  public long rejections() throws IOException {
    return log().stream().filter(line -> line.contains("NOQUEUE: reject:")).count();
  }

  /**
   * Waits until {@code count} messages were queued, at most ten seconds (the log is written late).
   */
  public List<String> awaitMessageIds(int count) throws Exception {
    for (int i = 0; i < 100 && messageIds().size() < count; i++) {
      Thread.sleep(100);
    }
    return messageIds();
  }

  private List<String> matches(Pattern pattern) throws IOException {
    List<String> found = new ArrayList<>();
    for (String line : log()) {
      Matcher matcher = pattern.matcher(line);
      if (matcher.find()) {
        found.add(matcher.group(1));
      }
    }
    return found;
  }

  private List<String> log() throws IOException {
    Path log = dir.resolve("maillog");
    return Files.exists(log) ? Files.readAllLines(log) : List.of();
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
