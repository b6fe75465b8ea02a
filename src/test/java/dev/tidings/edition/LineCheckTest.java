package dev.tidings.edition;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The line facts of skeleton chunks agree with a plain scan of the assembled bytes. */
class LineCheckTest {
  private static boolean scanned(String... pieces) {
    LineCheck check = new LineCheck();
    check.scan(String.join("", pieces).getBytes(StandardCharsets.UTF_8));
    return check.fits();
  }

  private static boolean chunked(String... pieces) {
    LineCheck check = new LineCheck();
    for (String piece : pieces) {
      check.add(new LineCheck.Chunk(piece.getBytes(StandardCharsets.UTF_8)));
    }
    return check.fits();
  }

  @Test
  void chunkFactsGiveTheSameAnswerAsAScan() {
    String line998 = "x".repeat(998);
    String[][] cases = {
      {"short\r\n", "lines\r\n"},
      {line998, "\r\n", line998},
      {line998, "y\r\n"},
      {"x".repeat(500), "x".repeat(498), "\r\nnext"},
      {"x".repeat(500), "x".repeat(499), "\r\nnext"},
      {"a\r\n", "x".repeat(999), "\r\nb"},
      {"a\r\n" + "x".repeat(999) + "\r\nb"},
      {"tail " + "x".repeat(990), "\r\n"},
      {"nul \0 here"},
      {"", "", ""},
    };
    for (String[] pieces : cases) {
      assertThat(chunked(pieces))
          .as(String.join("|", pieces).length() + " chars")
          .isEqualTo(scanned(pieces));
    }
    assertThat(chunked(line998, "\r\n", line998)).isTrue();
    assertThat(chunked("x".repeat(500), "x".repeat(499))).isFalse();
  }

  private static boolean dotFreeScanned(String... pieces) {
    LineCheck check = new LineCheck();
    check.scan(String.join("", pieces).getBytes(StandardCharsets.UTF_8));
    return check.dotFree();
  }

  private static boolean dotFreeChunked(String... pieces) {
    LineCheck check = new LineCheck();
    for (String piece : pieces) {
      check.add(new LineCheck.Chunk(piece.getBytes(StandardCharsets.UTF_8)));
    }
    return check.dotFree();
  }

  @Test
  void chunkFactsFindEveryLineThatStartsWithADot() {
    String[][] cases = {
      {"plain\r\n", "text"},
      {".starts"},
      {"a\r\n", ".b"},
      {"a\r\n.b"},
      {"a.", "b.\r\n", "c"},
      {"a\r\n", "", ".b"},
      {"mid.dle\r\n", "x.y"},
    };
    for (String[] pieces : cases) {
      assertThat(dotFreeChunked(pieces))
          .as(String.join("|", pieces))
          .isEqualTo(dotFreeScanned(pieces));
    }
    assertThat(dotFreeChunked("a\r\n", "", ".b")).isFalse();
    assertThat(dotFreeChunked("mid.dle\r\n", "x.y")).isTrue();
  }

  @Test
  void aLongPersonalValueBreaksTheLimitOfItsLine() {
    HtmlSkeleton skeleton =
        HtmlSkeleton.of("<p>" + "x".repeat(900) + HtmlSkeleton.marker(1) + "</p>\n<p>end</p>");
    byte[][] values = new byte[5][];
    for (int i = 0; i < values.length; i++) {
      values[i] = "v".getBytes(StandardCharsets.UTF_8);
    }
    assertThat(skeleton.fill(values).fitsLines()).isTrue();
    values[1] = "v".repeat(200).getBytes(StandardCharsets.UTF_8);
    assertThat(skeleton.fill(values).fitsLines()).isFalse();
  }
}
