package dev.tidings.delivery;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import java.time.Duration;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * {@link Mailer} over SMTP with Jakarta Mail (Angus). Each connection is one {@link SMTPTransport}
 * kept open for many messages, on a socket with {@code TCP_NODELAY}, with connect and read timeouts
 * and a watchdog on writes. Plaintext, STARTTLS (required: a relay that does not offer it is not
 * used) or implicit TLS, each with the relay's host name verified against its certificate; the
 * digests' direct path (pipelining, the one-write DATA section) runs on the TLS socket as it does
 * on a plain one. The session greets with {@link Settings#helo}, never {@code localhost}.
 */
public final class SmtpMailer implements Mailer {
  /** How the connection is secured. */
  public enum Security {
    NONE,
    STARTTLS,
    TLS
  }

  /**
   * How long each step of a session may take. RFC 5321 §4.5.3.2 gives a client's minimums: 5
   * minutes for the greeting and the replies to MAIL and RCPT, 2 for DATA, 3 for each block of the
   * content, and 10 minutes for the reply to the final dot, during which the relay may be
   * delivering the message. A shorter wait there takes a message that is on its way for lost, and
   * its retry arrives twice.
   *
   * @param connect to open the TCP connection
   * @param command for the greeting, the reply to each command, and each write
   * @param data for the reply to the content's closing dot
   */
  public record Timeouts(Duration connect, Duration command, Duration data) {
    /** The minimums of RFC 5321 §4.5.3.2, and 30 s to connect. */
    public static final Timeouts RFC_5321 =
        new Timeouts(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMinutes(10));
  }

  /**
   * One relay's connection settings.
   *
   * @param user the login, or empty for none
   * @param timeouts how long each step may take
   * @param pipelining send MAIL, RCPT and DATA in one write when the relay offers PIPELINING; off
   *     for a relay that offers it but answers each command in a packet of its own, which Nagle's
   *     algorithm and delayed ACKs then hold for about 40 ms a message
   * @param helo the name this side gives in EHLO: a fully qualified domain or an address literal
   * @param trust whom the relay's certificate must be signed by (TLS and STARTTLS)
   */
  public record Settings(
      String host,
      int port,
      Security security,
      String user,
      String password,
      Timeouts timeouts,
      boolean pipelining,
      String helo,
      TlsTrust trust) {
    /** A plaintext relay without login, such as the built-in mail catcher. */
    public static Settings plain(String host, int port, Timeouts timeouts, String helo) {
      return new Settings(
          host, port, Security.NONE, "", "", timeouts, true, helo, TlsTrust.system());
    }
  }

  private final Settings settings;
  private final String user;
  private final String password;
  private final Session session;
  private final String protocol;

  public SmtpMailer(Settings settings) {
    this.settings = settings;
    this.user = settings.user() == null || settings.user().isEmpty() ? null : settings.user();
    // Angus tries to authenticate whenever a password is given, even an empty one.
    this.password = this.user == null ? null : settings.password();
    this.protocol = settings.security() == Security.TLS ? "smtps" : "smtp";
    this.session = Session.getInstance(properties());
  }

  private Properties properties() {
    String prefix = "mail." + protocol + ".";
    Properties properties = new Properties();
    properties.put(
        prefix + "connectiontimeout", String.valueOf(settings.timeouts().connect().toMillis()));
    properties.put(prefix + "timeout", String.valueOf(settings.timeouts().command().toMillis()));
    // No "writetimeout": Angus would then run every write, the digests' TLS records included,
    // through a timer of its own; WriteWatchdog watches the session's writes instead.
    properties.put(prefix + "quitwait", "false");
    properties.put(prefix + "localhost", settings.helo());
    properties.put(prefix + "auth", String.valueOf(user != null));
    properties.put(prefix + "socketFactory", SessionSockets.plainFactory());
    properties.put(prefix + "socketFactory.fallback", "false");
    // Implicit TLS layers this factory over the connected socket, and so does STARTTLS.
    properties.put(
        prefix + "ssl.socketFactory", SessionSockets.tlsFactory(settings.trust().socketFactory()));
    properties.put(prefix + "ssl.checkserveridentity", "true");
    if (settings.security() == Security.TLS) {
      properties.put(prefix + "ssl.enable", "true");
    }
    if (settings.security() == Security.STARTTLS) {
      properties.put(prefix + "starttls.enable", "true");
      properties.put(prefix + "starttls.required", "true");
    }
    return properties;
  }

  @Override
  public MailConnection open() {
    TidingsTransport transport =
        new TidingsTransport(
            session,
            new URLName(protocol, settings.host(), settings.port(), null, null, null),
            protocol,
            settings.security() == Security.TLS);
    SessionSockets sockets;
    SessionSockets.begin();
    try {
      transport.connect(settings.host(), settings.port(), user, password);
    } catch (AuthenticationFailedException e) {
      throw new MailerUnavailableException(
          "SMTP " + describe() + " refused the login of " + user + ": " + describe(e), e);
    } catch (MessagingException e) {
      throw new MailerUnavailableException(
          "cannot connect to SMTP " + describe() + ": " + describe(e), e);
    } finally {
      sockets = SessionSockets.end();
    }
    return new SmtpConnection(transport, sockets, settings.timeouts(), settings.pipelining());
  }

  @Override
  public String describe() {
    return settings.host()
        + ":"
        + settings.port()
        + (settings.security() == Security.NONE ? "" : " (" + settings.security() + ")");
  }

  static String describe(Throwable error) {
    StringBuilder text = new StringBuilder(String.valueOf(error.getMessage()).trim());
    // The causes say why: "PKIX path building failed", "No subject alternative names matching".
    Throwable cause = error.getCause();
    for (int depth = 0; cause != null && depth < 4; depth++, cause = cause.getCause()) {
      String message = cause.getMessage();
      if (message != null && !text.toString().contains(message.trim())) {
        text.append(" (").append(message.trim()).append(')');
      }
    }
    return text.toString().replaceAll("[\\r\\n]+", " ");
  }
}
