package dev.tidings.edition;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTML layout of one edition, rendered once with markers in place of the personal values and
 * cut into UTF-8 byte chunks (line ends already CRLF, as they go on the wire). Filling in one
 * subscriber is then a few array copies instead of a template run over 30 KB of markup, which was
 * the largest cost of a send after MIME encoding.
 *
 * <p>Contract with the templates: personal values ({@link #FIELDS}) are written HTML-escaped
 * ({@code {{greetingName}}}, not {@code {{{greetingName}}}}), and sections may test only whether a
 * personal value is empty; the renderer keeps one skeleton per such shape. Immutable.
 */
public final class HtmlSkeleton {
  /** The personal values, in slot order. */
  static final List<String> FIELDS =
      List.of("greetingName", "recipientEmail", "unsubscribe", "preferences", "view");

  private static final Pattern MARKER = Pattern.compile("\uE000([A-Z])\uE001");
  private final LineCheck.Chunk[] chunks;
  private final int[] slots;

  private HtmlSkeleton(LineCheck.Chunk[] chunks, int[] slots) {
    this.chunks = chunks;
    this.slots = slots;
  }

  /** The marker that stands for field {@code index} while the skeleton is rendered. */
  static String marker(int index) {
    return "\uE000" + (char) ('A' + index) + "\uE001";
  }

  /** True when {@code value} (any scope value) contains a character the markers are made of. */
  static boolean hasMarkerCharacters(Object value) {
    String text = String.valueOf(value);
    return text.indexOf('\uE000') >= 0 || text.indexOf('\uE001') >= 0;
  }

  /** Cuts a layout rendered with {@link #marker} values into chunks and slots. */
  static HtmlSkeleton of(String rendered) {
    List<LineCheck.Chunk> chunks = new ArrayList<>();
    List<Integer> slots = new ArrayList<>();
    Matcher matcher = MARKER.matcher(rendered);
    int start = 0;
    while (matcher.find()) {
      chunks.add(new LineCheck.Chunk(crlf(rendered.substring(start, matcher.start()))));
      slots.add(matcher.group(1).charAt(0) - 'A');
      start = matcher.end();
    }
    chunks.add(new LineCheck.Chunk(crlf(rendered.substring(start))));
    return new HtmlSkeleton(
        chunks.toArray(new LineCheck.Chunk[0]),
        slots.stream().mapToInt(Integer::intValue).toArray());
  }

  /**
   * The page for one subscriber; {@code escaped} holds the HTML-escaped UTF-8 of each field.
   * Whether its lines fit comes from the chunks' line facts plus a scan of the values alone.
   */
  WirePart fill(byte[][] escaped) {
    int length = 0;
    for (LineCheck.Chunk chunk : chunks) {
      length += chunk.bytes.length;
    }
    for (int slot : slots) {
      length += escaped[slot].length;
    }
    byte[] page = new byte[length];
    LineCheck lines = new LineCheck();
    int at = 0;
    for (int i = 0; i < slots.length; i++) {
      at = append(page, at, chunks[i], lines);
      byte[] value = escaped[slots[i]];
      System.arraycopy(value, 0, page, at, value.length);
      at += value.length;
      lines.scan(value);
    }
    append(page, at, chunks[chunks.length - 1], lines);
    return new WirePart(page, lines.fits(), lines.dotFree());
  }

  private static int append(byte[] page, int at, LineCheck.Chunk chunk, LineCheck lines) {
    System.arraycopy(chunk.bytes, 0, page, at, chunk.bytes.length);
    lines.add(chunk);
    return at + chunk.bytes.length;
  }

  /** UTF-8 with every line end as CRLF, as a message body goes on the wire. */
  public static byte[] crlf(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + bytes.length / 40);
    for (int i = 0; i < bytes.length; i++) {
      byte b = bytes[i];
      if (b == '\r' || b == '\n') {
        out.write('\r');
        out.write('\n');
        if (b == '\r' && i + 1 < bytes.length && bytes[i + 1] == '\n') {
          i++;
        }
      } else {
        out.write(b);
      }
    }
    return out.toByteArray();
  }
}
