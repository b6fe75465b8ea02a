package dev.tidings.delivery;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
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

  /**
   * One SMTP session. Digest messages go the direct way: MAIL, RCPT and DATA in one write when the
   * relay offers PIPELINING (one at a time otherwise), then the whole DATA section with its closing
   * dot in one write to the session's socket, under a watchdog that closes the socket when a write
   * takes longer than the timeout. The section is the message's own bytes when it needs no encoding
   * ({@link DigestMimeMessage#wireReady}), else encoded by {@link SmtpData} in one pass. Replies
   * are read by the transport. Other messages, and sessions whose socket is not known (STARTTLS),
   * go through {@link SMTPTransport#sendMessage}.
   */
  private static final class SmtpConnection implements MailConnection {
    private final TidingsTransport transport;
    private final Socket socket;
    private final boolean pipelining;
    private final WriteWatchdog.Watch watch;
    private final SmtpData data = new SmtpData();
    private boolean usable = true;

    SmtpConnection(
        TidingsTransport transport, Socket socket, Duration timeout, boolean pipelining) {
      this.transport = transport;
      this.socket = socket;
      this.pipelining = pipelining;
      this.watch = socket == null ? null : WriteWatchdog.watch(socket, timeout);
    }

    @Override
    public SendResult send(MimeMessage message, String envelopeFrom, String recipient) {
      if (message instanceof DigestMimeMessage && socket != null) {
        return sendDirect((DigestMimeMessage) message, envelopeFrom, recipient);
      }
      try {
        if (message instanceof SMTPMessage) {
          ((SMTPMessage) message).setEnvelopeFrom(envelopeFrom);
        }
        if (message instanceof DigestMimeMessage) {
          // 8bit parts only to a relay that offers 8BITMIME (RFC 6152), declared in MAIL FROM.
          if (transport.supportsExtension("8BITMIME")) {
            ((DigestMimeMessage) message).setMailExtension("BODY=8BITMIME");
          } else {
            ((DigestMimeMessage) message).useSevenBit();
          }
        }
        transport.sendMessage(message, new Address[] {new InternetAddress(recipient)});
        return SendResult.accepted(transport.getLastServerResponse().trim());
      } catch (SMTPSendFailedException e) {
        return classify(e.getReturnCode(), e);
      } catch (SendFailedException e) {
        Exception next = e.getNextException();
        while (next != null) {
          if (next instanceof SMTPAddressFailedException) {
            return classify(((SMTPAddressFailedException) next).getReturnCode(), next);
          }
          next =
              next instanceof MessagingException
                  ? ((MessagingException) next).getNextException()
                  : null;
        }
        usable = false;
        return SendResult.transientFailure(describe(e));
      } catch (MessagingException | IllegalStateException e) {
        // Timeouts, resets and closed connections: the message may or may not have arrived.
        usable = false;
        return SendResult.transientFailure("connection error: " + describe(e));
      }
    }

    private SendResult sendDirect(
        DigestMimeMessage message, String envelopeFrom, String recipient) {
      if (!commandSafe(envelopeFrom) || !commandSafe(recipient)) {
        return SendResult.permanentFailure(
            "not a usable address for an SMTP command: " + envelopeFrom + " -> " + recipient);
      }
      try {
        boolean eightBit = transport.supportsExtension("8BITMIME");
        if (!eightBit) {
          message.useSevenBit();
        }
        // The whole DATA section, "." included, is made before the first command and goes out in
        // one write.
        if (message.wireReady()) {
          data.copy(message.wireParts());
        } else {
          data.encode(message.toBytes());
        }
        int size = data.terminate();
        String mailFrom = "MAIL FROM:<" + envelopeFrom + ">" + (eightBit ? " BODY=8BITMIME" : "");
        String rcptTo = "RCPT TO:<" + recipient + ">";
        SendResult refusal =
            pipelining && transport.supportsExtension("PIPELINING")
                ? pipelined(mailFrom, rcptTo)
                : lockstep(mailFrom, rcptTo);
        if (refusal != null) {
          return refusal;
        }
        write(data.bytes(), size);
        int code = transport.readReply();
        if (code == 250) {
          return SendResult.accepted(transport.getLastServerResponse().trim());
        }
        return classify(code, reply());
      } catch (MessagingException | IOException | IllegalStateException e) {
        usable = false;
        return SendResult.transientFailure("connection error: " + describe(e));
      }
    }

    /** MAIL, RCPT and DATA one after the other; null when the server is ready for the message. */
    private SendResult lockstep(String mailFrom, String rcptTo) throws MessagingException {
      int code = transport.simpleCommand(mailFrom);
      if (code != 250) {
        return refused(code);
      }
      code = transport.simpleCommand(rcptTo);
      if (code != 250 && code != 251) {
        return refused(code);
      }
      code = transport.simpleCommand("DATA");
      return code == 354 ? null : refused(code);
    }

    /**
     * MAIL, RCPT and DATA in one write (RFC 2920), then their three replies; null when the server
     * is ready for the message. The first refusal is the one reported.
     */
    private SendResult pipelined(String mailFrom, String rcptTo)
        throws MessagingException, IOException {
      byte[] commands =
          (mailFrom + "\r\n" + rcptTo + "\r\nDATA\r\n").getBytes(StandardCharsets.US_ASCII);
      write(commands, commands.length);
      int[] codes = new int[3];
      String[] replies = new String[3];
      for (int i = 0; i < codes.length; i++) {
        codes[i] = transport.readReply();
        replies[i] = String.valueOf(transport.getLastServerResponse()).trim();
        if (codes[i] == 421 || codes[i] <= 0) {
          // The server is closing the session: nothing more will come.
          usable = false;
          return SendResult.transientFailure(replies[i]);
        }
      }
      if (codes[0] == 250 && (codes[1] == 250 || codes[1] == 251) && codes[2] == 354) {
        return null;
      }
      if (codes[2] == 354) {
        // DATA was taken although the sender or recipient was refused: end it empty.
        transport.simpleCommand(".");
      }
      int failed = codes[0] != 250 ? 0 : codes[1] != 250 && codes[1] != 251 ? 1 : 2;
      transport.simpleCommand("RSET");
      return classify(codes[failed], new MessagingException(replies[failed]));
    }

    /** Writes {@code size} bytes; a write stuck longer than the timeout closes the socket. */
    private void write(byte[] bytes, int size) throws IOException {
      watch.writing();
      try {
        OutputStream out = socket.getOutputStream();
        out.write(bytes, 0, size);
        out.flush();
      } finally {
        watch.written();
      }
    }

    /** A refusal before the message was sent: reset the session for the next one. */
    private SendResult refused(int code) throws MessagingException {
      MessagingException reply = reply();
      if (code != 421 && code > 0) {
        transport.simpleCommand("RSET");
      }
      return classify(code, reply);
    }

    private MessagingException reply() {
      return new MessagingException(String.valueOf(transport.getLastServerResponse()).trim());
    }

    /** No line breaks or angle brackets: nothing from data may add a command of its own. */
    private static boolean commandSafe(String address) {
      return address != null
          && !address.isEmpty()
          && address.chars().noneMatch(c -> c < 0x21 || c == '<' || c == '>' || c == 0x7f);
    }

    private SendResult classify(int code, Exception error) {
      String reply = describe(error);
      if (code == 421 || code <= 0) {
        usable = false;
        return SendResult.transientFailure(reply);
      }
      if (code >= 500) {
        return SendResult.permanentFailure(reply);
      }
      return SendResult.transientFailure(reply);
    }

    @Override
    public boolean isUsable() {
      // Not transport.isConnected(): that sends a NOOP, one more round trip per message.
      return usable;
    }

    @Override
    public void close() {
      if (watch != null) {
        watch.close();
      }
      try {
        transport.close();
      } catch (MessagingException e) {
        // Closing a broken connection: nothing left to do.
      }
    }
  }
}
