package dev.tidings.delivery;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.util.List;

/**
 * The built-in mail catcher of the embedded default: a GreenMail SMTP server on loopback that
 * accepts every message and keeps it in memory, so a newcomer sees real digests without a mail
 * server. Mail is lost when the process stops.
 */
public final class MailCatcher implements AutoCloseable {
  private final GreenMail greenMail;
  private final int port;

  private MailCatcher(GreenMail greenMail, int port) {
    this.greenMail = greenMail;
    this.port = port;
  }

  /** Starts the catcher on 127.0.0.1:{@code port}. */
  public static MailCatcher start(int port) {
    ServerSetup setup = new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
    setup.setServerStartupTimeout(10_000);
    GreenMail greenMail = new GreenMail(setup);
    try {
      greenMail.start();
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot start the built-in mail catcher on 127.0.0.1:"
              + port
              + " (is the port taken? set TIDINGS_CATCHER_PORT): "
              + e.getMessage(),
          e);
    }
    return new MailCatcher(greenMail, greenMail.getSmtp().getPort());
  }

  public int port() {
    return port;
  }

  /** Every message caught since start, oldest first. */
  public List<MimeMessage> messages() {
    return List.of(greenMail.getReceivedMessages());
  }

  @Override
  public void close() {
    greenMail.stop();
  }
}
