package dev.tidings.subscriber;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Signed links: a token verifies for its purpose only, names its ids, and any change to the ids,
 * the signature, the purpose or the secret breaks it; malformed input is no token.
 */
class TokensTest {
  private final Tokens tokens = new Tokens("a-secret-of-the-service-0123456789");

  @Test
  void aToken_verifiesForItsPurpose_withItsIds() {
    String token = tokens.sign(Tokens.Purpose.UNSUBSCRIBE, 42, 7);
    assertThat(token).matches("42-7-[A-Za-z0-9_-]{22}");
    assertThat(tokens.verify(Tokens.Purpose.UNSUBSCRIBE, token)).contains(new Tokens.Claims(42, 7));
    for (Tokens.Purpose other :
        new Tokens.Purpose[] {
          Tokens.Purpose.PREFERENCES, Tokens.Purpose.CONFIRM, Tokens.Purpose.BOUNCE
        }) {
      assertThat(tokens.verify(other, token)).as(other.name()).isEmpty();
    }
  }

  @Test
  void alteredIdsSignaturesOrSecrets_andMalformedInput_verifyNothing() {
    String token = tokens.sign(Tokens.Purpose.PREFERENCES, 42, 0);
    String signature = token.substring(token.lastIndexOf('-') + 1);
    assertThat(tokens.verify(Tokens.Purpose.PREFERENCES, "43-0-" + signature)).isEmpty();
    assertThat(tokens.verify(Tokens.Purpose.PREFERENCES, "42-1-" + signature)).isEmpty();
    char first = signature.charAt(0);
    String flipped = "42-0-" + (first == 'A' ? 'B' : 'A') + signature.substring(1);
    assertThat(tokens.verify(Tokens.Purpose.PREFERENCES, flipped)).isEmpty();
    // The last character's low bits carry nothing: another ending would decode to the same bytes,
    // and is refused all the same, so each link has exactly one spelling.
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    int last = alphabet.indexOf(signature.charAt(21));
    String sameBytes = "42-0-" + signature.substring(0, 21) + alphabet.charAt(last ^ 1);
    assertThat(tokens.verify(Tokens.Purpose.PREFERENCES, sameBytes)).isEmpty();
    assertThat(
            new Tokens("another-secret-0123456789abcdef").verify(Tokens.Purpose.PREFERENCES, token))
        .isEmpty();
    for (String malformed :
        new String[] {
          null,
          "",
          "42-0",
          "42-0-short",
          "x-0-" + signature,
          token + "x",
          " " + token,
          "1234567890123456789-0-" + signature,
          "42-0-" + signature.replace('A', '=')
        }) {
      assertThat(tokens.verify(Tokens.Purpose.PREFERENCES, malformed)).as(malformed).isEmpty();
    }
  }

  @Test
  void signing_isStable_forTheSameInput() {
    assertThat(tokens.sign(Tokens.Purpose.CONFIRM, 9, 3))
        .isEqualTo(tokens.sign(Tokens.Purpose.CONFIRM, 9, 3))
        .isNotEqualTo(tokens.sign(Tokens.Purpose.CONFIRM, 9, 4));
  }
}
