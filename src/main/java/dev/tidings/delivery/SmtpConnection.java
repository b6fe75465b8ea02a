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
 * <p>Other messages, and sessions whose socket is not known (STARTTLS), go through {@link
 * SMTPTransport#sendMessage}.
 */
final class SmtpConnection implements MailConnection {
  private final TidingsTransport transport;
  private final Socket socket;
  private final WriteWatchdog.Watch watch;

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
   */
  SmtpConnection(TidingsTransport transport, Socket socket, Duration timeout, boolean pipelining) {
    this.transport = transport;
    this.socket = socket;
    this.eightBit = transport.supportsExtension("8BITMIME");
    this.pipelining = pipelining && transport.supportsExtension("PIPELINING");
    this.watch = socket == null ? null : WriteWatchdog.watch(socket, timeout);
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
        write(data.bytes(), data.length());
        refusal = dataReply();
      }
      outcome.accept(refusal);
    } catch (MessagingException | IOException | IllegalStateException e) {
      usable = false;
      SendResult failure =
          SendResult.transientFailure("connection error: " + SmtpMailer.describe(e));
      failHeld(failure);
      outcome.accept(failure);
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
        return SendResult.transientFailure("connection closed before the message was sent");
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

  /** The outcome of a message from the reply to its DATA section. */
  private SendResult dataReply() throws MessagingException {
    int code = transport.readReply();
    if (code == 250) {
      return SendResult.accepted(transport.getLastServerResponse().trim());
    }
    return classify(code, reply());
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
    String reply = SmtpMailer.describe(error);
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
    flush();
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
