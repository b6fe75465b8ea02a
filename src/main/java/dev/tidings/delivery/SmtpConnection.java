package dev.tidings.delivery;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * One SMTP session. Digest messages go the direct way, on the session's socket under a watchdog
 * that closes it when a write takes longer than the timeout; replies are read by the transport. The
 * DATA section (the message's own bytes when it needs no encoding, {@link
 * DigestMimeMessage#wireReady}, else encoded by {@link SmtpData} in one pass) is made before the
 * first command.
 *
 * <p>With a relay that offers PIPELINING (RFC 2920), one write per message: a message's MAIL, RCPT
 * and DATA go out behind the previous message's DATA section, which is held until then. RFC 2920
 * lets the section start a group, and the replies come back in order: first the previous message's
 * outcome, then the three for this one. A held message is finished by the next send, {@link #flush}
 * or {@link #close}; its outcome is handed over then. Without PIPELINING each command waits for its
 * reply and nothing is held.
 *
 * <p>Other messages go through {@link SMTPTransport#sendMessage}. On a TLS session (implicit, or
 * after STARTTLS) the direct path writes to the TLS socket, and the watchdog closes the TCP socket
 * under it, which ends even a write blocked inside TLS. Angus's own commands run under the watchdog
 * too, with room for the write and the reply.
 */
final class SmtpConnection implements MailConnection {
  private final TidingsTransport transport;

  /** The socket the session runs on: TLS when the session is secured. */
  private final Socket socket;

  private final WriteWatchdog.Watch watch;
  private final SmtpMailer.Timeouts timeouts;

  /** The relay takes 8bit bodies (RFC 6152), from its EHLO reply. */
  private final boolean eightBit;

  /** Pipelining is allowed here and the relay offers it (RFC 2920), from its EHLO reply. */
  private final boolean pipelining;

  /** The DATA section of the message being sent. */
  private SmtpData data = new SmtpData();

  /** The DATA section of the held message: the relay answered its DATA with 354. */
  private SmtpData held = new SmtpData();

  /** Who gets the held message's outcome; null when no message is held. */
  private Consumer<SendResult> heldOutcome;

  private boolean usable = true;

  /**
   * @param transport a connected transport: its EHLO reply (after STARTTLS, the second one) is read
   *     once here, as a session's extensions do not change
   * @param sockets the sockets the transport connected with
   */
  SmtpConnection(
      TidingsTransport transport,
      SessionSockets sockets,
      SmtpMailer.Timeouts timeouts,
      boolean pipelining) {
    this.transport = transport;
    this.socket = sockets.session();
    this.timeouts = timeouts;
    this.eightBit = transport.supportsExtension("8BITMIME");
    this.pipelining = pipelining && transport.supportsExtension("PIPELINING");
    this.watch = WriteWatchdog.watch(sockets.tcp(), timeouts.command());
  }

  @Override
  public void send(
      MimeMessage message, String envelopeFrom, String recipient, Consumer<SendResult> outcome) {
    if (message instanceof DigestMimeMessage && socket != null) {
      sendDirect((DigestMimeMessage) message, envelopeFrom, recipient, outcome);
      return;
    }
    flush();
    outcome.accept(sendThroughTransport(message, envelopeFrom, recipient));
  }

  private SendResult sendThroughTransport(
      MimeMessage message, String envelopeFrom, String recipient) {
    try {
      if (message instanceof SMTPMessage) {
        ((SMTPMessage) message).setEnvelopeFrom(envelopeFrom);
      }
      if (message instanceof DigestMimeMessage) {
        // 8bit parts only to a relay that offers 8BITMIME (RFC 6152), declared in MAIL FROM.
        if (eightBit) {
          ((DigestMimeMessage) message).setMailExtension("BODY=8BITMIME");
        } else {
          ((DigestMimeMessage) message).useSevenBit();
        }
      }
      // The whole message, its final dot's reply included (up to the data timeout).
      watch.awaiting(timeouts.command().plus(timeouts.data()));
      replyTimeout(timeouts.data());
      try {
        transport.sendMessage(message, new Address[] {new InternetAddress(recipient)});
      } finally {
        replyTimeout(timeouts.command());
        watch.written();
      }
      return SendResult.accepted(transport.getLastServerResponse().trim());
    } catch (SMTPSendFailedException e) {
      String command = String.valueOf(e.getCommand()).toUpperCase(java.util.Locale.ROOT);
      Blame.Stage stage =
          command.startsWith("MAIL")
              ? Blame.Stage.SENDER
              : command.startsWith("DATA") ? Blame.Stage.DATA : Blame.Stage.CONTENT;
      return classify(stage, e.getReturnCode(), e);
    } catch (SendFailedException e) {
      Exception next = e.getNextException();
      while (next != null) {
        if (next instanceof SMTPAddressFailedException) {
          return classify(
              Blame.Stage.RECIPIENT, ((SMTPAddressFailedException) next).getReturnCode(), next);
        }
        next =
            next instanceof MessagingException
                ? ((MessagingException) next).getNextException()
                : null;
      }
      usable = false;
      return SendResult.transientFailure(SmtpMailer.describe(e));
    } catch (MessagingException | IllegalStateException e) {
      // Timeouts, resets and closed connections: the message may or may not have arrived.
      usable = false;
      return SendResult.transientFailure("connection error: " + SmtpMailer.describe(e));
    }
  }

  private void sendDirect(
      DigestMimeMessage message,
      String envelopeFrom,
      String recipient,
      Consumer<SendResult> outcome) {
    if (!commandSafe(envelopeFrom) || !commandSafe(recipient)) {
      outcome.accept(
          SendResult.permanentFailure(
              "not a usable address for an SMTP command: " + envelopeFrom + " -> " + recipient));
      return;
    }
    boolean contentWritten = false;
    try {
      if (!eightBit) {
        message.useSevenBit();
      }
      if (message.wireReady()) {
        data.copy(message.wireParts());
      } else {
        data.encode(message.toBytes());
      }
      data.terminate();
      String mailFrom = "MAIL FROM:<" + envelopeFrom + ">" + (eightBit ? " BODY=8BITMIME" : "");
      String rcptTo = "RCPT TO:<" + recipient + ">";
      if (pipelining) {
        SendResult refusal = pipelined(mailFrom, rcptTo);
        if (refusal != null) {
          outcome.accept(refusal);
          return;
        }
        // Held until the next message's commands (or a flush) go out with it.
        SmtpData ready = data;
        data = held;
        held = ready;
        heldOutcome = outcome;
        return;
      }
      SendResult refusal = lockstep(mailFrom, rcptTo);
      if (refusal == null) {
        contentWritten = true;
        write(data.bytes(), data.length());
        refusal = dataReply();
      }
      outcome.accept(refusal);
    } catch (MessagingException | IOException | IllegalStateException e) {
      usable = false;
      String error = "connection error: " + SmtpMailer.describe(e);
      failHeld(SendResult.transientFailure(error));
      // Before its content went out the message is provably not sent; after, it may have been.
      outcome.accept(
          contentWritten ? SendResult.transientFailure(error) : SendResult.unsent(error));
    }
  }

  /** MAIL, RCPT and DATA one after the other; null when the server is ready for the message. */
  private SendResult lockstep(String mailFrom, String rcptTo) throws MessagingException {
    int code = command(mailFrom);
    if (code != 250) {
      return refused(Blame.Stage.SENDER, code);
    }
    code = command(rcptTo);
    if (code != 250 && code != 251) {
      return refused(Blame.Stage.RECIPIENT, code);
    }
    code = command("DATA");
    return code == 354 ? null : refused(Blame.Stage.DATA, code);
  }

  /**
   * MAIL, RCPT and DATA in one write (RFC 2920), behind the held message's DATA section if there is
   * one, then the replies: the held message's outcome, handed over, and this message's three; null
   * when the server is ready for this message's DATA section. The first refusal is the one
   * reported.
   */
  private SendResult pipelined(String mailFrom, String rcptTo)
      throws MessagingException, IOException {
    byte[] commands =
        (mailFrom + "\r\n" + rcptTo + "\r\nDATA\r\n").getBytes(StandardCharsets.US_ASCII);
    if (heldOutcome != null) {
      write(held.bytes(), held.append(commands));
      finishHeld();
      if (!usable) {
        // The server ended the session after the held message: these commands went nowhere.
        return SendResult.unsent("connection closed before the message was sent");
      }
    } else {
      write(commands, commands.length);
    }
    int[] codes = new int[3];
    String[] replies = new String[3];
    for (int i = 0; i < codes.length; i++) {
      codes[i] = transport.readReply();
      replies[i] = String.valueOf(transport.getLastServerResponse()).trim();
      if (codes[i] == 421 || codes[i] <= 0) {
        // The server is closing the session (a stale one, often: "421 4.4.2 timeout"), and none
        // of this message's content went out.
        usable = false;
        return SendResult.unsent(codes[i] <= 0 ? "connection closed: " + replies[i] : replies[i]);
      }
    }
    if (codes[0] == 250 && (codes[1] == 250 || codes[1] == 251) && codes[2] == 354) {
      return null;
    }
    if (codes[2] == 354) {
      // DATA was taken although the sender or recipient was refused: end it empty.
      command(".");
    }
    int failed = codes[0] != 250 ? 0 : codes[1] != 250 && codes[1] != 251 ? 1 : 2;
    command("RSET");
    Blame.Stage stage =
        failed == 0 ? Blame.Stage.SENDER : failed == 1 ? Blame.Stage.RECIPIENT : Blame.Stage.DATA;
    return classify(stage, codes[failed], new MessagingException(replies[failed]));
  }

  @Override
  public void flush() {
    if (heldOutcome == null) {
      return;
    }
    try {
      write(held.bytes(), held.length());
    } catch (IOException e) {
      usable = false;
      failHeld(SendResult.transientFailure("connection error: " + SmtpMailer.describe(e)));
      return;
    }
    finishHeld();
  }

  /** Reads the reply to the held message's DATA section, already written, and hands it over. */
  private void finishHeld() {
    Consumer<SendResult> outcome = heldOutcome;
    heldOutcome = null;
    SendResult result;
    try {
      result = dataReply();
    } catch (MessagingException | IllegalStateException e) {
      usable = false;
      result = SendResult.transientFailure("connection error: " + SmtpMailer.describe(e));
    }
    outcome.accept(result);
  }

  /** Hands {@code failure} to the held message, if one is held. */
  private void failHeld(SendResult failure) {
    Consumer<SendResult> outcome = heldOutcome;
    heldOutcome = null;
    if (outcome != null) {
      outcome.accept(failure);
    }
  }

  /**
   * The outcome of a message from the reply to its DATA section, waited for as long as RFC 5321
   * gives the relay (the data timeout), not the command timeout.
   */
  private SendResult dataReply() throws MessagingException {
    int code;
    replyTimeout(timeouts.data());
    try {
      code = transport.readReply();
    } finally {
      replyTimeout(timeouts.command());
    }
    if (code == 250) {
      return SendResult.accepted(transport.getLastServerResponse().trim());
    }
    return classify(Blame.Stage.CONTENT, code, reply());
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

  /** How long a read of the session's socket may wait from now on. */
  private void replyTimeout(Duration timeout) {
    if (socket == null) {
      return;
    }
    try {
      socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    } catch (java.net.SocketException e) {
      // A closed socket: the read that follows fails and says so.
    }
  }

  /** One of Angus's commands and its reply, under the watchdog. */
  private int command(String line) throws MessagingException {
    watch.awaiting(timeouts.command().multipliedBy(2));
    try {
      return transport.simpleCommand(line);
    } finally {
      watch.written();
    }
  }

  /** A refusal before the message was sent: reset the session for the next one. */
  private SendResult refused(Blame.Stage stage, int code) throws MessagingException {
    MessagingException reply = reply();
    if (code == 421 || code <= 0) {
      // The session ends (a stale one, often) before the message's content went out.
      usable = false;
      return SendResult.unsent(SmtpMailer.describe(reply));
    }
    command("RSET");
    return classify(stage, code, reply);
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

  /** Whose fault the reply is ({@link Blame}); a 421 or an unreadable reply ends the session. */
  private SendResult classify(Blame.Stage stage, int code, Exception error) {
    if (code == 421 || code <= 0) {
      usable = false;
    }
    return Blame.of(stage, code, SmtpMailer.describe(error));
  }

  @Override
  public boolean isUsable() {
    // Not transport.isConnected(): that sends a NOOP, one more round trip per message.
    return usable;
  }

  @Override
  public void close() {
    flush();
    watch.close();
    try {
      transport.close();
    } catch (MessagingException e) {
      // Closing a broken connection: nothing left to do.
    }
  }
}
