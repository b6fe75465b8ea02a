package dev.tidings.delivery;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounce mailbox (IMAP or POP3, with or without TLS): each poll reads every message, records
 * the bounce reports through {@link Bounces} and deletes what it has recorded. Messages that are
 * not bounce reports, and reports that name no signed delivery (anyone can write one), are left in
 * place for a person to read. Not for concurrent use: the scheduler runs one poll at a time across
 * the cluster.
 */
public final class BounceMailbox {
  private static final Logger LOG = LoggerFactory.getLogger(BounceMailbox.class);
  private final String protocol;
  private final String host;
  private final int port;
  private final String user;
  private final String password;
  private final String folder;
  private final Bounces bounces;
  private final Session session;

  /** Counts of one poll. */
  public record Poll(int hard, int soft, int alreadyCounted, int unverified, int notBounces) {}

  public BounceMailbox(
      String protocol,
      String host,
      int port,
      String user,
      String password,
      String folder,
      Duration timeout,
      Bounces bounces) {
    this.protocol = protocol;
    this.host = host;
    this.port = port;
    this.user = user;
    this.password = password;
    this.folder = folder;
    this.bounces = bounces;
    Properties properties = new Properties();
    String millis = String.valueOf(timeout.toMillis());
    properties.put("mail." + protocol + ".connectiontimeout", millis);
    properties.put("mail." + protocol + ".timeout", millis);
    this.session = Session.getInstance(properties);
  }

  /** Reads and records every report now. */
  public Poll poll() {
    int hard = 0;
    int soft = 0;
    int already = 0;
    int unverified = 0;
    int other = 0;
    try (Store store = session.getStore(protocol)) {
      store.connect(host, port, user, password);
      Folder inbox = store.getFolder(folder);
      inbox.open(Folder.READ_WRITE);
      try {
        for (Message message : inbox.getMessages()) {
          Bounces.Result result = bounces.process((MimeMessage) message);
          switch (result) {
            case HARD:
              hard++;
              break;
            case SOFT:
              soft++;
              break;
            case ALREADY_COUNTED:
              already++;
              break;
            case UNVERIFIED:
              unverified++;
              LOG.warn(
                  "bounce mailbox: left a bounce report that names no signed delivery (not"
                      + " counted against anyone; review it): {}",
                  Bounces.describe((MimeMessage) message));
              continue;
            default:
              other++;
              LOG.info(
                  "bounce mailbox: left a message that is no bounce report: {}",
                  Bounces.describe((MimeMessage) message));
              continue;
          }
          message.setFlag(Flags.Flag.DELETED, true);
        }
      } finally {
        inbox.close(true);
      }
    } catch (MessagingException | IOException e) {
      throw new MailerUnavailableException(
          "cannot read the bounce mailbox "
              + protocol
              + "://"
              + host
              + ":"
              + port
              + "/"
              + folder
              + ": "
              + SmtpMailer.describe(e),
          e);
    }
    return new Poll(hard, soft, already, unverified, other);
  }
}
