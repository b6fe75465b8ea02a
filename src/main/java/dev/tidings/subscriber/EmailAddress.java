package dev.tidings.subscriber;

import dev.tidings.InvalidInputException;
import dev.tidings.OneLine;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Validates and normalizes email addresses: trimmed, lower-cased, internationalized domains in
 * their ASCII form, no quoted local parts, no control characters (so an address can never smuggle a
 * CR/LF into a header).
 */
public final class EmailAddress {
  private static final Pattern LOCAL =
      Pattern.compile("[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
  private static final Pattern DOMAIN =
      Pattern.compile("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?");

  private EmailAddress() {}

  /**
   * The normalized form of {@code raw}.
   *
   * @throws InvalidInputException naming the address and the problem
   */
  public static String normalize(String raw) {
    if (raw == null || raw.isBlank()) {
      throw invalid(raw, "is empty");
    }
    String address = raw.trim().toLowerCase(Locale.ROOT);
    if (!OneLine.is(address)) {
      throw invalid(raw, "contains control characters");
    }
    int at = address.lastIndexOf('@');
    if (at <= 0 || at == address.length() - 1) {
      throw invalid(raw, "must look like name@example.com");
    }
    String local = address.substring(0, at);
    String domain;
    try {
      domain = IDN.toASCII(address.substring(at + 1), IDN.USE_STD3_ASCII_RULES);
    } catch (IllegalArgumentException e) {
      throw invalid(raw, "has an invalid domain");
    }
    if (local.length() > 64 || !LOCAL.matcher(local).matches()) {
      throw invalid(raw, "has an invalid part before the @");
    }
    if (!DOMAIN.matcher(domain).matches()) {
      throw invalid(raw, "has an invalid domain");
    }
    String normalized = local + "@" + domain;
    if (normalized.length() > 254) {
      throw invalid(raw, "is longer than 254 characters");
    }
    return normalized;
  }

  /** True when {@code raw} is a valid address. */
  public static boolean isValid(String raw) {
    try {
      normalize(raw);
      return true;
    } catch (InvalidInputException e) {
      return false;
    }
  }

  /** The SHA-256 of the normalized address, the key of the suppression list. */
  public static String hash(String normalized) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(normalized.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static InvalidInputException invalid(String raw, String problem) {
    String shown = raw == null ? "" : raw.replaceAll("[\\p{Cntrl}]", "?");
    return new InvalidInputException("email", "invalid email address '" + shown + "': " + problem);
  }
}
