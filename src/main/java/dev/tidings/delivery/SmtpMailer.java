package dev.tidings.delivery;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import java.net.Socket;
import java.time.Duration;
import java.util.Properties;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * {@link Mailer} over SMTP with Jakarta Mail (Angus). Each connection is one {@link SMTPTransport}
 * kept open for many messages, on a socket with {@code TCP_NODELAY}, with connect, read and write
 * timeouts. Replies are classified: 2xx accepted, 4xx (and 421, timeouts, dropped connections)
 * transient, 5xx permanent.
 */
public final class SmtpMailer implements Mailer {
  /** How the connection is secured. */
  public enum Security {
    NONE,
    STARTTLS,
    TLS
  }

  private final String host;
  private final int port;
  private final String user;
  private final String password;
  private final Security security;
  private final Session session;
  private final String protocol;
  private final Duration timeout;
  private final boolean pipelining;

  /**
   * @param pipelining send MAIL, RCPT and DATA in one write when the relay offers PIPELINING; off
   *     for a relay that offers it but answers each command in a packet of its own, which Nagle's
   *     algorithm and delayed ACKs then hold for about 40 ms a message
   */
  public SmtpMailer(
      String host,
      int port,
      String user,
      String password,
      Security security,
      Duration timeout,
      boolean pipelining) {
    this.pipelining = pipelining;
    this.host = host;
    this.port = port;
    this.user = user == null || user.isEmpty() ? null : user;
    // Angus tries to authenticate whenever a password is given, even an empty one.
    this.password = this.user == null ? null : password;
    this.security = security;
    this.protocol = security == Security.TLS ? "smtps" : "smtp";
    this.timeout = timeout;
    String prefix = "mail." + protocol + ".";
    Properties properties = new Properties();
    String millis = String.valueOf(timeout.toMillis());
    properties.put(prefix + "connectiontimeout", millis);
    properties.put(prefix + "timeout", millis);
    properties.put(prefix + "writetimeout", millis);
    properties.put(prefix + "quitwait", "false");
    properties.put(prefix + "auth", String.valueOf(this.user != null));
    if (security == Security.TLS) {
      properties.put(prefix + "ssl.enable", "true");
      properties.put(prefix + "ssl.checkserveridentity", "true");
      properties.put(
          prefix + "ssl.socketFactory", new NoDelaySocketFactory(SSLSocketFactory.getDefault()));
    } else {
      properties.put(
          prefix + "socketFactory", new NoDelaySocketFactory(SocketFactory.getDefault()));
      properties.put(prefix + "socketFactory.fallback", "false");
    }
    if (security == Security.STARTTLS) {
      properties.put(prefix + "starttls.enable", "true");
      properties.put(prefix + "starttls.required", "true");
      properties.put(prefix + "ssl.checkserveridentity", "true");
    }
    this.session = Session.getInstance(properties);
  }

  @Override
  public MailConnection open() {
    try {
      TidingsTransport transport =
          new TidingsTransport(
              session,
              new URLName(protocol, host, port, null, null, null),
              protocol,
              security == Security.TLS);
      NoDelaySocketFactory.takeLast();
      transport.connect(host, port, user, password);
      // After STARTTLS the session runs on a TLS socket layered over the one made here.
      Socket socket = security == Security.STARTTLS ? null : NoDelaySocketFactory.takeLast();
      return new SmtpConnection(transport, socket, timeout, pipelining);
    } catch (MessagingException e) {
      throw new MailerUnavailableException(
          "cannot connect to SMTP " + describe() + ": " + describe(e), e);
    }
  }

  @Override
  public String describe() {
    return host + ":" + port + (security == Security.NONE ? "" : " (" + security + ")");
  }

  static String describe(Throwable error) {
    StringBuilder text = new StringBuilder(String.valueOf(error.getMessage()).trim());
    Throwable cause = error.getCause();
    if (cause != null && cause != error && cause.getMessage() != null) {
      text.append(" (").append(cause.getMessage().trim()).append(')');
    }
    return text.toString().replaceAll("[\\r\\n]+", " ");
  }
}
