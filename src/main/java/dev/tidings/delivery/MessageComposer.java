package dev.tidings.delivery;

import dev.tidings.OneLine;
import dev.tidings.edition.Edition;
import dev.tidings.edition.EditionRenderer;
import dev.tidings.edition.Recipient;
import dev.tidings.newsletter.Newsletter;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.UnsupportedEncodingException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds the MIME message of one delivery: {@code multipart/alternative} (text, then HTML), UTF-8,
 * a deterministic Message-ID (edition + subscriber, so a re-send after a crash is recognisable as
 * the same message), List-Id, List-Unsubscribe (HTTPS and mailto) and List-Unsubscribe-Post for RFC
 * 8058 one-click. Every header value from data passes {@link #headerSafe}. Thread-safe.
 */
public final class MessageComposer {
  /** RFC 5322 date-time, in English whatever the JVM's locale. */
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);

  private static final int CACHED_SUBJECTS = 64;

  static {
    // Jakarta Mail looks its stream provider up through the ServiceLoader on every encode and
    // decode call unless this names it; that lookup cost more than a whole message's headers.
    if (System.getProperty("jakarta.mail.util.StreamProvider") == null) {
      System.setProperty(
          "jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
    }
  }

  private final Session session = Session.getInstance(new Properties());
  private final DkimSigner signer;

  /** A composer of unsigned messages. */
  public MessageComposer() {
    this(null);
  }

  /** A composer whose messages are DKIM-signed by {@code signer} (null: unsigned). */
  public MessageComposer(DkimSigner signer) {
    this.signer = signer;
  }

  /** Encoded (RFC 2047) and folded subjects: each edition's is encoded once, not per message. */
  private final Map<String, String> encodedSubjects = new ConcurrentHashMap<>();

  /** From, Reply-To and List-Id of one newsletter, encoded and folded once, not per message. */
  private record SenderHeaders(Newsletter newsletter, String from, String replyTo, String listId) {}

  /** A Date header value and the second it is for. */
  private record DateHeader(long epochSecond, String value) {}

  private volatile SenderHeaders senderHeaders;
  private volatile DateHeader dateHeader;

  /** The Message-ID of a delivery, the same however often it is composed. */
  public static String messageId(Newsletter newsletter, long editionId, long subscriberId) {
    return "<tidings." + editionId + "." + subscriberId + "@" + newsletter.senderDomain() + ">";
  }

  /**
   * Composes the message.
   *
   * @param unsubscribeToken the token of the one-click link, also used in the mailto subject
   */
  public MimeMessage compose(
      Newsletter newsletter,
      Edition edition,
      Recipient recipient,
      EditionRenderer.PersonalContent content,
      String unsubscribeToken,
      Instant date) {
    try {
      DigestMimeMessage message =
          new DigestMimeMessage(
              session,
              messageId(newsletter, edition.id(), recipient.subscriberId()),
              headerSafe(edition.subject()),
              content.textPart(),
              content.htmlPart());
      message.signWith(signer);
      SenderHeaders sender = senderHeaders(newsletter);
      message.setHeader("From", sender.from());
      message.setRecipient(
          jakarta.mail.Message.RecipientType.TO, address(recipient.email(), recipient.name()));
      if (sender.replyTo() != null) {
        message.setHeader("Reply-To", sender.replyTo());
      }
      message.setHeader("Subject", encodedSubject(headerSafe(edition.subject())));
      message.setHeader("Date", dateHeader(date));
      message.setHeader("List-Id", sender.listId());
      String mailto =
          newsletter.replyTo() != null ? newsletter.replyTo() : newsletter.senderEmail();
      message.setHeader(
          "List-Unsubscribe",
          "<"
              + headerSafe(recipient.unsubscribeUrl())
              + ">, <mailto:"
              + mailto
              + "?subject="
              + URLEncoder.encode("unsubscribe " + unsubscribeToken, StandardCharsets.UTF_8)
                  .replace("+", "%20")
              + ">");
      message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
      message.saveChanges();
      return message;
    } catch (MessagingException | UnsupportedEncodingException e) {
      throw new IllegalStateException("cannot compose the message: " + e.getMessage(), e);
    }
  }

  private String encodedSubject(String subject) {
    String encoded = encodedSubjects.get(subject);
    if (encoded == null) {
      try {
        encoded = MimeUtility.fold(9, MimeUtility.encodeText(subject, "UTF-8", null));
      } catch (UnsupportedEncodingException e) {
        throw new IllegalStateException("UTF-8 is not supported", e);
      }
      if (encodedSubjects.size() >= CACHED_SUBJECTS) {
        encodedSubjects.clear();
      }
      encodedSubjects.put(subject, encoded);
    }
    return encoded;
  }

  private SenderHeaders senderHeaders(Newsletter newsletter)
      throws AddressException, UnsupportedEncodingException {
    SenderHeaders cached = senderHeaders;
    if (cached != null
        && (cached.newsletter() == newsletter || cached.newsletter().equals(newsletter))) {
      return cached;
    }
    // Folded as setFrom and setReplyTo fold them: after the header's name, colon and space.
    String from =
        InternetAddress.toString(
            new Address[] {address(newsletter.senderEmail(), newsletter.senderName())},
            "From: ".length());
    String replyTo =
        newsletter.replyTo() == null
            ? null
            : InternetAddress.toString(
                new Address[] {new InternetAddress(newsletter.replyTo())}, "Reply-To: ".length());
    cached = new SenderHeaders(newsletter, from, replyTo, listId(newsletter));
    senderHeaders = cached;
    return cached;
  }

  /** The Date header value; the same for every message composed within one second. */
  private String dateHeader(Instant date) {
    DateHeader cached = dateHeader;
    if (cached == null || cached.epochSecond() != date.getEpochSecond()) {
      cached = new DateHeader(date.getEpochSecond(), DATE.format(date));
      dateHeader = cached;
    }
    return cached.value();
  }

  /**
   * {@code Name <slug.domain>}, the name (a phrase) RFC 2047-encoded when it is not plain ASCII,
   * and folded.
   */
  private static String listId(Newsletter newsletter) throws UnsupportedEncodingException {
    String description =
        MimeUtility.encodeText(
            headerSafe(newsletter.name()).replace("<", "").replace(">", ""), "UTF-8", "Q");
    return MimeUtility.fold(
        "List-Id: ".length(),
        description + " <" + newsletter.slug() + "." + newsletter.senderDomain() + ">");
  }

  private static InternetAddress address(String email, String name)
      throws UnsupportedEncodingException {
    return name == null || name.isBlank()
        ? new InternetAddress(email, null, "UTF-8")
        : new InternetAddress(email, headerSafe(name), "UTF-8");
  }

  /**
   * Removes CR, LF, every other control character (C0 and C1, NEL among them) and the Unicode line
   * and paragraph separators: nothing from data may break a header.
   */
  public static String headerSafe(String value) {
    return OneLine.of(value);
  }
}
