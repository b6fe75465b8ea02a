package dev.tidings.web;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * CSRF tokens bound to a browser secret (the session id, or before login a random login cookie):
 * HMAC-SHA256 of that secret with the server key. A form token therefore only works together with
 * the cookie it was made for, which another site cannot read. Thread-safe.
 */
final class Csrf {
  static final String FIELD = "csrf";
  private final SecretKeySpec key;

  Csrf(String secret) {
    this.key = new SecretKeySpec(("csrf:" + secret).getBytes(StandardCharsets.UTF_8), "HmacSHA256");
  }

  String token(String browserSecret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(mac.doFinal(browserSecret.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }

  boolean valid(String browserSecret, String given) {
    if (browserSecret == null || given == null) {
      return false;
    }
    return MessageDigest.isEqual(
        token(browserSecret).getBytes(StandardCharsets.US_ASCII),
        given.getBytes(StandardCharsets.UTF_8));
  }
}
