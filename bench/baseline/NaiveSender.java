import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheFactory;
import dev.tidings.article.ArticleDraft;
import dev.tidings.article.ArticleImporter;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The way most people write a newsletter sender: one thread, a loop over the subscribers, and for
 * each one render everything (article list and layout, HTML and text) from the templates, build a
 * MimeMessage and call {@code Transport.send}, which opens a new SMTP connection, sends one message
 * and closes it. No database, no pre-rendering, no connection reuse, no parallelism.
 *
 * <p>It uses the same Mustache templates and the same articles as the Tidings run, so the messages
 * are of the same size. Reading the articles (before the clock starts) uses Tidings' own importer
 * only so that the excerpts are identical.
 *
 * <p>Run from the repository root as a single-file program:
 *
 * <pre>
 * java -cp target/tidings.jar bench/baseline/NaiveSender.java \
 *   --host 127.0.0.1 --port 2531 --templates templates --articles bench/articles \
 *   --recipients recipients.tsv --count 5000
 * </pre>
 *
 * Options: {@code --nodelay true} sets TCP_NODELAY on each connection (the only departure from
 * the defaults); {@code --max-seconds S} stops after S seconds even if fewer than {@code --count}
 * messages went out (the rate is then over the messages actually sent); {@code --tls tls|starttls}
 * with {@code --ca FILE} (PEM) speaks implicit TLS or STARTTLS, verifying the relay's certificate
 * and host name against that CA, as Tidings does in the same run; {@code --helo NAME} is the EHLO
 * name.
 *
 * <p>Prints one line of JSON: messages, errors, seconds, msgs_per_s, message_bytes.
 */
public class NaiveSender {
  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    String host = options.getOrDefault("host", "127.0.0.1");
    String port = options.getOrDefault("port", "25");
    Path templates = Path.of(options.getOrDefault("templates", "templates"));
    Path articleDir = Path.of(options.getOrDefault("articles", "bench/articles"));
    Path recipientsFile = Path.of(options.get("recipients"));
    int count = Integer.parseInt(options.getOrDefault("count", "5000"));
    String urlBase = options.getOrDefault("url-base", "https://news.example.com/stories/");
    String baseUrl = options.getOrDefault("base-url", "http://localhost:8080");
    String secret = options.getOrDefault("secret", "bench-secret-0123456789abcdef");
    String name = options.getOrDefault("name", "The Harbour Weekly");
    String slug = options.getOrDefault("slug", "harbour");
    String fromEmail = options.getOrDefault("from", "news@harbour.example.com");
    String fromName = options.getOrDefault("from-name", "Harbour Weekly desk");
    String postalAddress = options.getOrDefault("postal-address", "");
    boolean noDelay = Boolean.parseBoolean(options.getOrDefault("nodelay", "false"));
    double maxSeconds = Double.parseDouble(options.getOrDefault("max-seconds", "0"));
    String tls = options.getOrDefault("tls", "none");

    // Input, read once before timing: the articles and the recipient list.
    List<Map<String, Object>> articles = readArticles(articleDir, urlBase);
    List<String[]> recipients = new ArrayList<>();
    for (String line : Files.readAllLines(recipientsFile, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        recipients.add(line.split("\t", -1));
      }
      if (recipients.size() == count) {
        break;
      }
    }

    Properties properties = new Properties();
    properties.put("mail.smtp.host", host);
    properties.put("mail.smtp.port", port);
    properties.put("mail.smtp.connectiontimeout", "30000");
    properties.put("mail.smtp.timeout", "30000");
    if (noDelay) {
      // The one change from the defaults in the "nodelay" variant: without TCP_NODELAY, every
      // message waits for the peer's delayed ACK (about 40 ms on Linux) before its last segment.
      properties.put("mail.smtp.socketFactory", new NoDelaySockets());
    }
    if (options.containsKey("helo")) {
      properties.put("mail.smtp.localhost", options.get("helo"));
    }
    if (!tls.equals("none")) {
      // Jakarta Mail's own TLS: a socket per message, so a full handshake per message.
      properties.put(
          "mail.smtp.ssl.socketFactory", new TlsSockets(trusting(options.get("ca")), noDelay));
      properties.put("mail.smtp.ssl.checkserveridentity", "true");
      if (tls.equals("tls")) {
        properties.put("mail.smtp.ssl.enable", "true");
      } else {
        properties.put("mail.smtp.starttls.enable", "true");
        properties.put("mail.smtp.starttls.required", "true");
      }
    }
    Session session = Session.getInstance(properties);
    MustacheFactory html = new DefaultMustacheFactory(templates.toFile());
    MustacheFactory text =
        new DefaultMustacheFactory(templates.toFile()) {
          @Override
          public void encode(String value, Writer writer) {
            try {
              writer.write(value);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }
        };
    String date =
        DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG)
            .withLocale(Locale.ENGLISH)
            .withZone(ZoneOffset.UTC)
            .format(Instant.now());
    String subject = name + " · " + date;

    long messageBytes = 0;
    int errors = 0;
    long started = System.nanoTime();
    long deadline = maxSeconds > 0 ? started + (long) (maxSeconds * 1e9) : Long.MAX_VALUE;
    int tried = 0;
    for (String[] recipient : recipients) {
      if (System.nanoTime() > deadline) {
        break;
      }
      tried++;
      long id = Long.parseLong(recipient[0]);
      String email = recipient[1];
      String person = recipient.length > 2 ? recipient[2] : "";

      // Everything rendered again for every subscriber.
      Map<String, Object> listScope = new HashMap<>();
      listScope.put("articles", articles);
      listScope.put("accentColor", "#2f6fdf");
      String articlesHtml = render(html.compile("digest/default/articles.html.mustache"), listScope);
      String articlesText = render(text.compile("digest/default/articles.txt.mustache"), listScope);

      String unsubscribe = baseUrl + "/unsubscribe/" + sign(secret, "UNSUBSCRIBE", id, 1);
      Map<String, Object> scope = new HashMap<>();
      scope.put("newsletter", Map.of("name", name, "slug", slug));
      scope.put("accentColor", "#2f6fdf");
      scope.put("subject", subject);
      scope.put("preheader", articles.size() + " new articles in this edition");
      scope.put("editionDate", date);
      scope.put("articleCount", articles.size());
      scope.put("articlesHtml", articlesHtml);
      scope.put("articlesText", articlesText);
      scope.put("senderName", fromName);
      scope.put("postalAddress", postalAddress);
      scope.put("greetingName", person);
      scope.put("recipientEmail", email);
      scope.put(
          "links",
          Map.of(
              "unsubscribe", unsubscribe,
              "preferences", baseUrl + "/preferences/" + sign(secret, "PREFERENCES", id, 0),
              "view", baseUrl + "/archive/" + slug + "/1"));
      String bodyHtml = render(html.compile("digest/default/layout.html.mustache"), scope);
      String bodyText = render(text.compile("digest/default/layout.txt.mustache"), scope);

      MimeMessage message = new MimeMessage(session);
      message.setFrom(new InternetAddress(fromEmail, fromName, "UTF-8"));
      message.setRecipient(Message.RecipientType.TO, new InternetAddress(email, person, "UTF-8"));
      message.setSubject(subject, "UTF-8");
      message.setSentDate(new Date());
      message.setHeader("List-Id", name + " <" + slug + ".harbour.example.com>");
      message.setHeader(
          "List-Unsubscribe", "<" + unsubscribe + ">, <mailto:" + fromEmail + "?subject=unsubscribe>");
      message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
      MimeMultipart alternative = new MimeMultipart("alternative");
      MimeBodyPart textPart = new MimeBodyPart();
      textPart.setText(bodyText, "UTF-8", "plain");
      MimeBodyPart htmlPart = new MimeBodyPart();
      htmlPart.setText(bodyHtml, "UTF-8", "html");
      alternative.addBodyPart(textPart);
      alternative.addBodyPart(htmlPart);
      message.setContent(alternative);
      message.saveChanges();
      if (messageBytes == 0) {
        CountingStream counter = new CountingStream();
        message.writeTo(counter);
        messageBytes = counter.count;
      }
      try {
        Transport.send(message); // connect, EHLO, MAIL, RCPT, DATA, QUIT: per message
      } catch (jakarta.mail.MessagingException e) {
        errors++;
        if (errors <= 3) {
          System.err.println("NaiveSender: " + email + ": " + e.getMessage());
        }
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    int sent = tried - errors;
    System.out.printf(
        Locale.ROOT,
        "{\"messages\": %d, \"errors\": %d, \"seconds\": %.3f, \"msgs_per_s\": %.1f,"
            + " \"message_bytes\": %d}%n",
        sent,
        errors,
        seconds,
        sent / seconds,
        messageBytes);
  }

  private static String render(Mustache template, Object scope) {
    StringWriter out = new StringWriter();
    template.execute(out, scope);
    return out.toString();
  }

  /** The same token shape as Tidings' links: subscriber-newsletter-base64url(HMAC), 128 bits. */
  private static String sign(String secret, String purpose, long subscriber, long newsletter)
      throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] full =
        mac.doFinal((purpose + ":" + subscriber + ":" + newsletter).getBytes(StandardCharsets.UTF_8));
    byte[] half = java.util.Arrays.copyOf(full, 16);
    return subscriber
        + "-"
        + newsletter
        + "-"
        + Base64.getUrlEncoder().withoutPadding().encodeToString(half);
  }

  /** The bench's Markdown articles as template scopes, read with Tidings' importer. */
  private static List<Map<String, Object>> readArticles(Path dir, String urlBase)
      throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files =
          list.filter(p -> p.toString().endsWith(".md")).sorted().collect(Collectors.toList());
    }
    ArticleImporter importer = new ArticleImporter(280);
    String today =
        DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG)
            .withLocale(Locale.ENGLISH)
            .withZone(ZoneOffset.UTC)
            .format(Instant.now());
    List<Map<String, Object>> scopes = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      Path file = files.get(i);
      String url = urlBase + file.getFileName().toString().replaceFirst("\\.md$", "");
      ArticleDraft draft =
          importer.read(file, new ArticleImporter.Options(null, null, url, null, null));
      Map<String, Object> scope = new HashMap<>();
      scope.put("title", draft.title());
      scope.put("url", draft.url());
      scope.put("author", draft.author() == null ? "" : draft.author());
      scope.put("excerpt", draft.excerpt() == null ? "" : draft.excerpt());
      scope.put("imageUrl", draft.imageUrl() == null ? "" : draft.imageUrl());
      scope.put("imageAlt", draft.title());
      scope.put("publishedDate", today);
      if (draft.wordCount() > 0) {
        scope.put("readingMinutes", Math.max(1, Math.round(draft.wordCount() / 230.0)));
      }
      scope.put("first", i == 0);
      scope.put("last", i == files.size() - 1);
      scopes.add(scope);
    }
    return scopes;
  }

  /** A TLS context that trusts the CA certificates of one PEM file. */
  private static javax.net.ssl.SSLContext trusting(String caFile) throws Exception {
    java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
    store.load(null, null);
    try (java.io.InputStream in = Files.newInputStream(Path.of(caFile))) {
      int i = 0;
      for (java.security.cert.Certificate certificate :
          java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca" + i++, certificate);
      }
    }
    javax.net.ssl.TrustManagerFactory trust =
        javax.net.ssl.TrustManagerFactory.getInstance(
            javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  /** TLS sockets of one context, with TCP_NODELAY set when asked. */
  private static final class TlsSockets extends javax.net.ssl.SSLSocketFactory {
    private final javax.net.ssl.SSLSocketFactory tls;
    private final boolean noDelay;

    TlsSockets(javax.net.ssl.SSLContext context, boolean noDelay) {
      this.tls = context.getSocketFactory();
      this.noDelay = noDelay;
    }

    private java.net.Socket tuned(java.net.Socket socket) throws IOException {
      if (noDelay) {
        socket.setTcpNoDelay(true);
      }
      return socket;
    }

    @Override
    public String[] getDefaultCipherSuites() {
      return tls.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
      return tls.getSupportedCipherSuites();
    }

    @Override
    public java.net.Socket createSocket() throws IOException {
      return tuned(tls.createSocket());
    }

    @Override
    public java.net.Socket createSocket(java.net.Socket s, String host, int port, boolean close)
        throws IOException {
      return tuned(tls.createSocket(s, host, port, close));
    }

    @Override
    public java.net.Socket createSocket(String host, int port) throws IOException {
      return tuned(tls.createSocket(host, port));
    }

    @Override
    public java.net.Socket createSocket(
        String host, int port, java.net.InetAddress local, int localPort) throws IOException {
      return tuned(tls.createSocket(host, port, local, localPort));
    }

    @Override
    public java.net.Socket createSocket(java.net.InetAddress host, int port) throws IOException {
      return tuned(tls.createSocket(host, port));
    }

    @Override
    public java.net.Socket createSocket(
        java.net.InetAddress host, int port, java.net.InetAddress local, int localPort)
        throws IOException {
      return tuned(tls.createSocket(host, port, local, localPort));
    }
  }

  /** Plain sockets with TCP_NODELAY set. */
  private static final class NoDelaySockets extends javax.net.SocketFactory {
    private final javax.net.SocketFactory plain = javax.net.SocketFactory.getDefault();

    private static java.net.Socket noDelay(java.net.Socket socket) throws IOException {
      socket.setTcpNoDelay(true);
      return socket;
    }

    @Override
    public java.net.Socket createSocket() throws IOException {
      return noDelay(plain.createSocket());
    }

    @Override
    public java.net.Socket createSocket(String host, int port) throws IOException {
      return noDelay(plain.createSocket(host, port));
    }

    @Override
    public java.net.Socket createSocket(
        String host, int port, java.net.InetAddress local, int localPort) throws IOException {
      return noDelay(plain.createSocket(host, port, local, localPort));
    }

    @Override
    public java.net.Socket createSocket(java.net.InetAddress host, int port) throws IOException {
      return noDelay(plain.createSocket(host, port));
    }

    @Override
    public java.net.Socket createSocket(
        java.net.InetAddress host, int port, java.net.InetAddress local, int localPort)
        throws IOException {
      return noDelay(plain.createSocket(host, port, local, localPort));
    }
  }

  private static final class CountingStream extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }
}
