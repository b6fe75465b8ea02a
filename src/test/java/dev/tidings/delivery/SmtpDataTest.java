package dev.tidings.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SmtpDataTest {
  private static String encoded(SmtpData data, String message) {
    int size = data.encode(message.getBytes(StandardCharsets.UTF_8));
    return new String(Arrays.copyOf(data.bytes(), size), StandardCharsets.UTF_8);
  }

  @Test
  void doublesLeadingDotsAndEndsWithOneLineEnd() {
    SmtpData data = new SmtpData();
    assertThat(encoded(data, ".first\r\nsecond\r\n.\r\n..two\r\nmid.dot\r\n"))
        .isEqualTo("..first\r\nsecond\r\n..\r\n...two\r\nmid.dot\r\n");
    assertThat(encoded(data, "no final line end")).isEqualTo("no final line end\r\n");
    assertThat(encoded(data, "a\nb\rc\r\n\n.d")).isEqualTo("a\r\nb\r\nc\r\n\r\n..d\r\n");
  }

  @Test
  void growsItsBufferAndReusesIt() {
    SmtpData data = new SmtpData();
    String line = ".".repeat(100) + "\r\n";
    String big = line.repeat(2000);
    String result = encoded(data, big);
    assertThat(result).hasSize(big.length() + 2000);
    assertThat(result).startsWith("." + ".".repeat(100) + "\r\n");
    assertThat(encoded(data, "small\r\n")).isEqualTo("small\r\n");
  }
}
