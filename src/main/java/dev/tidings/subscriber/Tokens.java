package dev.tidings.subscriber;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed links for subscribers. A token names a subscriber and a newsletter (0 = all) and is bound
 * to its purpose, so an unsubscribe token cannot confirm an address and an altered id breaks the
 * signature. HMAC-SHA256 with {@code TIDINGS_SECRET}, truncated to 128 bits, compared in constant
 * time. Thread-safe: each thread keeps its own {@link Mac} (looking one up costs more than the
 * HMAC, and a send signs several links per message).
 *
 * <p>Format: {@code <subscriber>-<newsletter>-<base64url signature>}, short enough for email
 * clients that wrap long links.
 */
public final class Tokens {
  private static final Pattern FORMAT =
      Pattern.compile("(\\d{1,18})-(\\d{1,18})-([A-Za-z0-9_-]{22})");
  private final SecretKeySpec key;
  private final ThreadLocal<Mac> macs;

  /** What a link may do. */
  public enum Purpose {
    UNSUBSCRIBE,
    PREFERENCES,
    CONFIRM,
    /** The VERP envelope sender of one delivery: {@code <delivery>-<subscriber>-<signature>}. */
    BOUNCE
  }

  /** A verified token's content. */
  public record Claims(long subscriberId, long newsletterId) {}

  public Tokens(String secret) {
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    this.macs = ThreadLocal.withInitial(this::newMac);
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }

  public String sign(Purpose purpose, long subscriberId, long newsletterId) {
    return subscriberId
        + "-"
        + newsletterId
        + "-"
        + Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(signature(purpose, subscriberId, newsletterId));
  }

  /** The claims of a genuine token for {@code purpose}; empty for anything else. */
  public Optional<Claims> verify(Purpose purpose, String token) {
    if (token == null) {
      return Optional.empty();
    }
    Matcher matcher = FORMAT.matcher(token);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    long subscriberId = Long.parseLong(matcher.group(1));
    long newsletterId = Long.parseLong(matcher.group(2));
    byte[] given;
    try {
      given = Base64.getUrlDecoder().decode(matcher.group(3));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    // 22 characters carry 132 bits for 128: a decoder ignores the last 4, so other endings of a
    // genuine token decode the same. Only the one encoding this class writes is accepted.
    if (!Base64.getUrlEncoder().withoutPadding().encodeToString(given).equals(matcher.group(3))) {
      return Optional.empty();
    }
    byte[] expected = signature(purpose, subscriberId, newsletterId);
    return MessageDigest.isEqual(given, expected)
        ? Optional.of(new Claims(subscriberId, newsletterId))
        : Optional.empty();
  }

  private byte[] signature(Purpose purpose, long subscriberId, long newsletterId) {
    Mac mac = macs.get();
    mac.update(purpose.name().getBytes(StandardCharsets.US_ASCII));
    mac.update(ByteBuffer.allocate(16).putLong(subscriberId).putLong(newsletterId).array());
    byte[] full = mac.doFinal();
    byte[] truncated = new byte[16];
    System.arraycopy(full, 0, truncated, 0, truncated.length);
    return truncated;
  }
}
