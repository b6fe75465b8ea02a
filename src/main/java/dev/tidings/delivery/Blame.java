package dev.tidings.delivery;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whose fault an SMTP refusal is, from the command it answered and its RFC 3463 enhanced status
 * code, never from the words of the reply. Only a refusal that says it is about the recipient
 * counts against the address: 5.1.1 to 5.1.6 and 5.1.10 (a bad or moved mailbox or domain) and
 * 5.2.x (the mailbox's own state), at RCPT or after the DATA section. A 5xx to MAIL FROM, or to
 * DATA after an accepted recipient, is the relay refusing us. Any other 5xx (5.7.1 relay access
 * denied, 5.1.8 a refused sender, 5.6.0 content, no enhanced code) is unsure, which counts as the
 * relay's. Stateless.
 */
final class Blame {
  /** The command a reply answered. */
  enum Stage {
    /** MAIL FROM. */
    SENDER,
    /** RCPT TO. */
    RECIPIENT,
    /** The DATA command, before the content. */
    DATA,
    /** The content's closing dot. */
    CONTENT
  }

  private static final Pattern ENHANCED =
      Pattern.compile("^\\d{3}[ -]?([245])\\.(\\d{1,3})\\.(\\d{1,3})\\b");

  /** The 5.1.x details that name the recipient's address or domain (RFC 3463 §3.2, RFC 7505). */
  private static final Set<Integer> RECIPIENT_ADDRESS = Set.of(1, 2, 3, 4, 6, 10);

  private Blame() {}

  /** The outcome of a message that got {@code code} with {@code reply} at {@code stage}. */
  static SendResult of(Stage stage, int code, String reply) {
    if (code < 500 || code > 599) {
      // 4xx, 421, an unreadable reply, or an unexpected code: try again later.
      return SendResult.transientFailure(reply);
    }
    if (stage == Stage.SENDER || stage == Stage.DATA) {
      return SendResult.relayRefused(reply);
    }
    return aboutRecipient(reply) ? SendResult.permanentFailure(reply) : SendResult.unsure(reply);
  }

  /** True when the reply's enhanced status code says the refusal is about the recipient. */
  static boolean aboutRecipient(String reply) {
    Matcher matcher = ENHANCED.matcher(reply == null ? "" : reply.trim());
    if (!matcher.find() || !matcher.group(1).equals("5")) {
      return false;
    }
    int subject = Integer.parseInt(matcher.group(2));
    int detail = Integer.parseInt(matcher.group(3));
    return subject == 2 || (subject == 1 && RECIPIENT_ADDRESS.contains(detail));
  }
}
