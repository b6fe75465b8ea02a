package dev.tidings.editor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidings.InvalidInputException;
import org.junit.jupiter.api.Test;

class EditorStoreTest {
  /**
   * An unknown address is checked against a hash of the same bcrypt cost as every stored one, so
   * the time of a login does not tell which editors exist. Before, the dummy hash had cost 4: 0.004
   * s for an unknown address against 0.28 s for a known one.
   */
  @Test
  void anUnknownAddress_costsTheSameBcryptWork_asAKnownOne() {
    String dummy = EditorStore.unknownAddressHash();
    assertThat(dummy).startsWith("$2a$" + EditorStore.BCRYPT_COST + "$");
    assertThat(org.springframework.security.crypto.bcrypt.BCrypt.checkpw("some guess", dummy))
        .isFalse();
  }

  @Test
  void theLoginKey_isTheAddressAsTheLoginNormalizesIt() {
    assertThat(EditorStore.loginKey("ed@\uff45xample.com")).isEqualTo("ed@example.com");
    assertThat(EditorStore.loginKey("ed@exam\u00adple.com")).isEqualTo("ed@example.com");
    assertThat(EditorStore.loginKey("ed@example\u3002com")).isEqualTo("ed@example.com");
    assertThat(EditorStore.loginKey(" Ed@Example.COM")).isEqualTo("ed@example.com");
    assertThat(EditorStore.loginKey("not an address")).isEqualTo("not an address");
  }

  /** Long enough is not enough: {@code aaaaaaaaaa} was accepted before. */
  @Test
  void trivialAndCommonPasswords_areRefused_withAReason() {
    for (String weak :
        java.util.List.of(
            "aaaaaaaaaa",
            "ababababababab",
            "1212121212",
            "1234567890",
            "9876543210",
            "abcdefghijkl",
            "Password123",
            "password2024",
            "qwertyuiop",
            "Welcome123!",
            "1q2w3e4r5t")) {
      assertThatThrownBy(() -> EditorStore.checkPassword(weak))
          .as(weak)
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("password");
    }
    for (String fine :
        java.util.List.of("correct horse battery", "a long editor password", "Tz8#qLw2vP")) {
      assertThatCode(() -> EditorStore.checkPassword(fine)).as(fine).doesNotThrowAnyException();
    }
  }
}
