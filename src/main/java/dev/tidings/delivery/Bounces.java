package dev.tidings.delivery;

import dev.tidings.db.DataAccessException;
import dev.tidings.db.Database;
import dev.tidings.db.Jdbc;
import dev.tidings.subscriber.Tokens;
import jakarta.mail.BodyPart;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.angus.mail.dsn.DeliveryStatus;

/**
 * Bounces: the VERP envelope sender of each message ({@code local+<token>@domain}, the token signed
 * so a forged bounce cannot suppress anyone), and the reading of bounce reports (RFC 3464
 * delivery-status, parsed with Angus {@code dsn}). A report is hard when a recipient failed with a
 * 5.x.x status, soft otherwise (4.x.x, delayed, or no machine-readable status). Hard bounces count
 * towards {@code TIDINGS_BOUNCE_HARD_LIMIT} like 5xx replies at send time; soft ones are recorded
 * only. A report is counted once, by its Message-ID. Only a report sent to a validly signed VERP
 * address counts: anyone can write a delivery-status report naming any address, so one without the
 * token ({@link Result#UNVERIFIED}) changes nothing and is left for a person. Thread-safe.
 */
public final class Bounces {
  private static final Pattern VERP =
      Pattern.compile("\\+(\\d{1,18}-\\d{1,18}-[A-Za-z0-9_-]{22})@", Pattern.CASE_INSENSITIVE);
  private static final Pattern STATUS = Pattern.compile("([245])\\.\\d{1,3}\\.\\d{1,3}");
  private static final List<String> ADDRESS_HEADERS =
      List.of("To", "Delivered-To", "X-Original-To", "Envelope-To", "X-Envelope-To");

  private final Database database;
  private final Tokens tokens;
  private final String address;
  private final int hardLimit;
  private final Clock clock;

  /**
   * @param address the bounce mailbox, e.g. {@code bounces@news.example.com}; null to use each
   *     newsletter's sender as the envelope sender (no VERP)
   */
  public Bounces(Database database, Tokens tokens, String address, int hardLimit, Clock clock) {
    this.database = database;
    this.tokens = tokens;
    this.address = address;
    this.hardLimit = hardLimit;
    this.clock = clock;
  }

  /** The envelope sender for a delivery: VERP when a bounce address is set, else {@code from}. */
  public String envelopeSender(long deliveryId, long subscriberId, String from) {
    if (address == null) {
      return from;
    }
    int at = address.indexOf('@');
    return address.substring(0, at)
        + "+"
        + tokens.sign(Tokens.Purpose.BOUNCE, deliveryId, subscriberId)
        + address.substring(at);
  }

  /** What reading one report did. */
  public enum Result {
    HARD,
    SOFT,
    ALREADY_COUNTED,
    /** A delivery-status report without a valid VERP token: not counted, left for review. */
    UNVERIFIED,
    NOT_A_BOUNCE
  }

  /** A parsed report: who, how bad, and what the remote server said. */
  record Report(
      String reportId,
      Long deliveryId,
      Long subscriberId,
      String kind,
      String status,
      String diagnostic) {}

  /** Reads one message of the bounce mailbox and records what it reports. */
  public Result process(MimeMessage message) throws MessagingException, IOException {
    Optional<Report> report = parse(message);
    if (report.isEmpty()) {
      return failedRecipient(message) == null ? Result.NOT_A_BOUNCE : Result.UNVERIFIED;
    }
    try {
      return database.transaction(connection -> record(connection, report.get()));
    } catch (DataAccessException e) {
      if (e.isDuplicateKey()) {
        return Result.ALREADY_COUNTED;
      }
      throw e;
    }
  }

  /** The report of a message sent to a validly signed VERP address; empty for any other. */
  Optional<Report> parse(MimeMessage message) throws MessagingException, IOException {
    Optional<Tokens.Claims> claims = verpClaims(message);
    if (claims.isEmpty()) {
      return Optional.empty();
    }
    long deliveryId = claims.get().subscriberId();
    long subscriberId = claims.get().newsletterId();
    InternetHeaders recipient = failedRecipient(message);
    String status = recipient == null ? null : statusOf(recipient);
    String action =
        recipient == null
            ? ""
            : String.valueOf(recipient.getHeader("Action", null)).trim().toLowerCase(Locale.ROOT);
    boolean hard = status != null && status.startsWith("5") && !action.equals("delayed");
    String diagnostic =
        recipient == null
            ? "no delivery-status report"
            : String.valueOf(recipient.getHeader("Diagnostic-Code", null));
    String reportId =
        message.getMessageID() != null
            ? message.getMessageID()
            : "no-id:"
                + Integer.toHexString(
                    message.getSubject() == null ? 0 : message.getSubject().hashCode())
                + ":"
                + message.getSentDate();
    return Optional.of(
        new Report(
            reportId,
            deliveryId,
            subscriberId,
            hard ? "hard" : "soft",
            status,
            diagnostic.replaceAll("[\\r\\n]+", " ")));
  }

  private Result record(Connection connection, Report report) throws SQLException {
    Instant now = clock.instant();
    Jdbc.update(
        connection,
        database.sql("insert-bounce"),
        report.reportId(),
        report.deliveryId(),
        report.subscriberId(),
        report.kind(),
        report.status(),
        truncate(report.diagnostic()),
        now);
    if (report.deliveryId() != null) {
      Jdbc.update(
          connection, database.sql("mark-delivery-bounce"), report.kind(), report.deliveryId());
    }
    if (!"hard".equals(report.kind())) {
      return Result.SOFT;
    }
    Jdbc.update(
        connection,
        database.sql("count-subscriber-hard-bounce"),
        hardLimit,
        now,
        report.subscriberId());
    Optional<String> bounced =
        Jdbc.queryOne(
            connection,
            database.sql("bounced-address-of-subscriber"),
            row -> row.getString("email_hash"),
            report.subscriberId());
    if (bounced.isPresent()) {
      Jdbc.update(
          connection,
          database.sql("insert-suppression"),
          bounced.get(),
          "hard-bounce",
          truncate(report.diagnostic()),
          now);
    }
    return Result.HARD;
  }

  private Optional<Tokens.Claims> verpClaims(MimeMessage message) throws MessagingException {
    for (String name : ADDRESS_HEADERS) {
      String[] values = message.getHeader(name);
      if (values == null) {
        continue;
      }
      for (String value : values) {
        Matcher matcher = VERP.matcher(value);
        while (matcher.find()) {
          Optional<Tokens.Claims> claims = tokens.verify(Tokens.Purpose.BOUNCE, matcher.group(1));
          if (claims.isPresent()) {
            return claims;
          }
        }
      }
    }
    return Optional.empty();
  }

  /** The first recipient block of the delivery-status part that failed or was delayed. */
  private static InternetHeaders failedRecipient(Part part) throws MessagingException, IOException {
    if (part.isMimeType("message/delivery-status")) {
      DeliveryStatus status = new DeliveryStatus(part.getInputStream());
      InternetHeaders first = null;
      for (int i = 0; i < status.getRecipientDSNCount(); i++) {
        InternetHeaders recipient = status.getRecipientDSN(i);
        String action =
            String.valueOf(recipient.getHeader("Action", null)).trim().toLowerCase(Locale.ROOT);
        if (action.equals("failed")) {
          return recipient;
        }
        if (first == null && action.equals("delayed")) {
          first = recipient;
        }
      }
      return first;
    }
    if (part.isMimeType("multipart/*")) {
      Object content = part.getContent();
      if (content instanceof Multipart) {
        Multipart multipart = (Multipart) content;
        for (int i = 0; i < multipart.getCount(); i++) {
          BodyPart body = multipart.getBodyPart(i);
          InternetHeaders found = failedRecipient(body);
          if (found != null) {
            return found;
          }
        }
      }
    }
    return null;
  }

  private static String statusOf(InternetHeaders recipient) {
    String status = recipient.getHeader("Status", null);
    if (status == null) {
      return null;
    }
    Matcher matcher = STATUS.matcher(status);
    return matcher.find() ? matcher.group() : null;
  }

  private static String truncate(String text) {
    return text == null || text.length() <= 1000 ? text : text.substring(0, 999) + "…";
  }

  /** For logs: the headers of a message that was not understood. */
  static String describe(MimeMessage message) throws MessagingException {
    StringBuilder text = new StringBuilder();
    for (Enumeration<Header> headers = message.getAllHeaders(); headers.hasMoreElements(); ) {
      Header header = headers.nextElement();
      if (header.getName().equalsIgnoreCase("Subject")
          || header.getName().equalsIgnoreCase("From")) {
        text.append(header.getName()).append(": ").append(header.getValue()).append("; ");
      }
    }
    return text.toString();
  }
}
