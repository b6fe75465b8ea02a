import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * The fastest a sender can go over SMTP without doing a sender's work: a fixed message, written
 * over C reused connections, speaking TLS inside the JVM as Tidings does (implicit TLS or
 * STARTTLS, the relay's certificate and host name checked), with the same protocol shape as
 * Tidings' direct path: MAIL, RCPT and DATA pipelined in one write (RFC 2920), then the message and
 * its final dot in one write. No rendering, no database. In the benchmark's TLS modes this is the
 * second reference beside smtp-source through a stunnel4 client, which pays for a second TLS end
 * and does not pipeline.
 *
 * <pre>
 * java bench/baseline/SmtpBlast.java --host 127.0.0.1 --port 2531 --tls starttls --ca ca.pem \
 *   --server-name localhost --connections 4 --count 100000 --bytes 41049 --helo bench.example
 * </pre>
 *
 * <p>Prints one line of JSON: messages, errors, seconds, msgs_per_s, message_bytes.
 */
public class SmtpBlast {
  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    String host = options.getOrDefault("host", "127.0.0.1");
    int port = Integer.parseInt(options.getOrDefault("port", "25"));
    String tls = options.getOrDefault("tls", "none");
    String serverName = options.getOrDefault("server-name", host);
    int connections = Integer.parseInt(options.getOrDefault("connections", "4"));
    int count = Integer.parseInt(options.getOrDefault("count", "10000"));
    int bytes = Integer.parseInt(options.getOrDefault("bytes", "40000"));
    String helo = options.getOrDefault("helo", "bench.example");
    String from = options.getOrDefault("from", "news@example.com");
    String to = options.getOrDefault("to", "reader@example.org");
    SSLContext context = tls.equals("none") ? null : trusting(Path.of(options.get("ca")));
    byte[] message = message(bytes, from, to);
    byte[] payload = new byte[message.length + 3];
    System.arraycopy(message, 0, payload, 0, message.length);
    System.arraycopy(".\r\n".getBytes(StandardCharsets.US_ASCII), 0, payload, message.length, 3);
    byte[] envelope =
        ("MAIL FROM:<" + from + ">\r\nRCPT TO:<" + to + ">\r\nDATA\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    AtomicInteger left = new AtomicInteger(count);
    AtomicInteger sent = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    long started = System.nanoTime();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      Thread thread =
          new Thread(
              () -> {
                try (Session session =
                    Session.open(host, port, tls, serverName, helo, context)) {
                  while (left.getAndDecrement() > 0) {
                    if (session.send(envelope, payload)) {
                      sent.incrementAndGet();
                    } else {
                      errors.incrementAndGet();
                    }
                  }
                } catch (IOException e) {
                  errors.incrementAndGet();
                  System.err.println("SmtpBlast: " + e.getMessage());
                }
              });
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "{\"messages\": %d, \"errors\": %d, \"seconds\": %.3f, \"msgs_per_s\": %.1f,"
            + " \"message_bytes\": %d}%n",
        sent.get(),
        errors.get(),
        seconds,
        sent.get() / seconds,
        message.length);
    System.exit(errors.get() == 0 ? 0 : 1);
  }

  /** A message of {@code bytes} bytes, dot-stuffed already (no line starts with a dot). */
  private static byte[] message(int bytes, String from, String to) {
    StringBuilder text =
        new StringBuilder("From: <" + from + ">\r\nTo: <" + to + ">\r\nSubject: bench\r\n\r\n");
    String line = "x".repeat(76) + "\r\n";
    while (text.length() + line.length() <= bytes) {
      text.append(line);
    }
    return text.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static SSLContext trusting(Path caFile) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    try (InputStream in = Files.newInputStream(caFile)) {
      int i = 0;
      for (Certificate certificate :
          CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca" + i++, certificate);
      }
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  /** One SMTP session: greeting, EHLO, maybe STARTTLS and EHLO again, then messages. */
  private static final class Session implements AutoCloseable {
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    static Session open(
        String host, int port, String tls, String serverName, String helo, SSLContext context)
        throws IOException {
      Session session = new Session();
      Socket plain = new Socket();
      plain.setTcpNoDelay(true);
      plain.connect(new InetSocketAddress(host, port), 30_000);
      session.use(tls.equals("tls") ? secure(context, plain, host, port, serverName) : plain);
      session.expect(220);
      session.command("EHLO " + helo, 250);
      if (tls.equals("starttls")) {
        session.command("STARTTLS", 220);
        session.use(secure(context, plain, host, port, serverName));
        session.command("EHLO " + helo, 250);
      }
      return session;
    }

    private static Socket secure(
        SSLContext context, Socket plain, String host, int port, String serverName)
        throws IOException {
      SSLSocket socket =
          (SSLSocket) context.getSocketFactory().createSocket(plain, serverName, port, true);
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      parameters.setServerNames(List.of(new SNIHostName(serverName)));
      socket.setSSLParameters(parameters);
      socket.startHandshake();
      return socket;
    }

    private void use(Socket next) throws IOException {
      socket = next;
      in = new BufferedInputStream(next.getInputStream(), 16_384);
      out = next.getOutputStream();
    }

    /** One message: the envelope in one write, then the payload with its final dot. */
    boolean send(byte[] envelope, byte[] payload) throws IOException {
      out.write(envelope);
      out.flush();
      boolean mail = reply() == 250;
      boolean rcpt = reply() == 250;
      if (reply() != 354) {
        return false;
      }
      out.write(payload);
      out.flush();
      return reply() == 250 && mail && rcpt;
    }

    private void command(String line, int expected) throws IOException {
      out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      expect(expected);
    }

    private void expect(int expected) throws IOException {
      int code = reply();
      if (code != expected) {
        throw new IOException("expected " + expected + ", got " + code);
      }
    }

    /** The code of one reply, reading all its lines. */
    private int reply() throws IOException {
      while (true) {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
          if (c < 0) {
            throw new IOException("connection closed");
          }
          line.append((char) c);
        }
        if (line.length() < 4 || line.charAt(3) != '-') {
          return Integer.parseInt(line.substring(0, 3));
        }
      }
    }

    @Override
    public void close() throws IOException {
      try {
        command("QUIT", 221);
      } finally {
        socket.close();
      }
    }
  }
}
