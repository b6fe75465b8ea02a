package dev.tidings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real SMTP relay in a child process: aiosmtpd (Debian's python3-aiosmtpd, installed by {@code
 * scripts/ensure-relays.sh}) running {@code src/test/resources/relays/relay.py}, with STARTTLS,
 * implicit TLS, AUTH and PIPELINING as asked. It logs every message it accepts with the EHLO name
 * the client gave, which {@link #messages} reads back.
 */
public final class PythonRelay implements AutoCloseable {
  /** One accepted message as the relay saw it. */
  public record Received(
      String helo,
      boolean tls,
      String login,
      String mailFrom,
      List<String> to,
      String messageId,
      boolean pipelined) {}

  private final Process process;
  private final Path log;
  private final int port;

  private PythonRelay(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /**
   * Starts a relay.
   *
   * @param mode none, starttls or tls
   * @param certificate the name of a {@link TestCertificates} certificate, or null for none
   * @param login {@code user:password} that AUTH must give, or null for no AUTH
   */
  public static PythonRelay start(String mode, String certificate, String login, boolean pipelining)
      throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    Path log = Files.createTempFile("tidings-relay", ".jsonl");
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            "/usr/bin/python3",
            Path.of("src/test/resources/relays/relay.py").toAbsolutePath().toString(),
            "--port",
            String.valueOf(port),
            "--mode",
            mode,
            "--log",
            log.toString()));
    if (certificate != null) {
      TestCertificates certificates = TestCertificates.get();
      command.addAll(
          List.of(
              "--cert",
              certificates.certificate(certificate).toString(),
              "--key",
              certificates.key(certificate).toString()));
    }
    if (login != null) {
      command.addAll(List.of("--login", login));
    }
    if (pipelining) {
      command.add("--pipelining");
    }
    Process process =
        new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .redirectOutput(ProcessBuilder.Redirect.PIPE)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (line == null || !line.startsWith("ready")) {
      process.destroyForcibly();
      throw new IOException("the aiosmtpd relay did not start: " + line);
    }
    return new PythonRelay(process, log, port);
  }

  public int port() {
    return port;
  }

  /** Every message accepted so far, in order. */
  public List<Received> messages() throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<Received> received = new ArrayList<>();
    for (String line : Files.readAllLines(log)) {
      JsonNode node = json.readTree(line);
      List<String> to = new ArrayList<>();
      node.get("rcpt_to").forEach(address -> to.add(address.asText()));
      received.add(
          new Received(
              node.get("helo").asText(),
              node.get("tls").asBoolean(),
              node.get("login").isNull() ? null : node.get("login").asText(),
              node.get("mail_from").asText(),
              to,
              node.get("message_id").asText(),
              node.get("pipelined").asBoolean()));
    }
    return received;
  }

  @Override
  public void close() throws Exception {
    process.getOutputStream().close();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
    Files.deleteIfExists(log);
  }
}
