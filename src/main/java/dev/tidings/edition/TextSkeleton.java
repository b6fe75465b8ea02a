package dev.tidings.edition;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text layout of one edition, rendered once with markers in place of the personal values and
 * wrapped once: the lines without a personal value become ready CRLF byte chunks, and only the few
 * lines that hold one (the greeting, the links) are filled in and wrapped per subscriber. Wrapping
 * works line by line, so the result equals wrapping the whole text rendered for that subscriber.
 * Text values are not escaped. Immutable.
 */
final class TextSkeleton {
  private static final Pattern MARKER = Pattern.compile("\uE000([A-Z])\uE001");

  /**
   * Either a ready chunk, or a line with markers cut into its text (one more than its slots) and
   * slots, with its line end unless it is the last line.
   */
  private record Piece(LineCheck.Chunk chunk, String[] texts, int[] slots, boolean lineEnd) {}

  private final List<Piece> pieces;

  private TextSkeleton(List<Piece> pieces) {
    this.pieces = pieces;
  }

  /** Cuts a text layout rendered with {@link HtmlSkeleton#marker} values into pieces. */
  static TextSkeleton of(String rendered, int columns) {
    String[] lines = rendered.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
    List<Piece> pieces = new ArrayList<>();
    StringBuilder plain = new StringBuilder();
    for (int i = 0; i < lines.length; i++) {
      boolean last = i == lines.length - 1;
      if (lines[i].indexOf('\uE000') < 0) {
        plain.append(TextWrap.wrap(lines[i], columns));
        if (!last) {
          plain.append('\n');
        }
        continue;
      }
      if (plain.length() > 0) {
        pieces.add(chunk(plain.toString()));
        plain.setLength(0);
      }
      pieces.add(line(lines[i], !last));
    }
    if (plain.length() > 0) {
      pieces.add(chunk(plain.toString()));
    }
    return new TextSkeleton(pieces);
  }

  /** The text for one subscriber; {@code values} holds each field's value, in slot order. */
  WirePart fill(String[] values, int columns) {
    byte[][] parts = new byte[pieces.size()][];
    int length = 0;
    LineCheck lines = new LineCheck();
    for (int i = 0; i < parts.length; i++) {
      Piece piece = pieces.get(i);
      if (piece.chunk() != null) {
        parts[i] = piece.chunk().bytes;
        lines.add(piece.chunk());
      } else {
        String filled = TextWrap.wrap(substitute(piece, values), columns);
        parts[i] = HtmlSkeleton.crlf(piece.lineEnd() ? filled + "\n" : filled);
        lines.scan(parts[i]);
      }
      length += parts[i].length;
    }
    byte[] text = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, text, at, part.length);
      at += part.length;
    }
    return new WirePart(text, lines.fits(), lines.dotFree());
  }

  private static Piece chunk(String text) {
    return new Piece(new LineCheck.Chunk(HtmlSkeleton.crlf(text)), null, null, false);
  }

  private static Piece line(String line, boolean lineEnd) {
    List<String> texts = new ArrayList<>();
    List<Integer> slots = new ArrayList<>();
    Matcher matcher = MARKER.matcher(line);
    int start = 0;
    while (matcher.find()) {
      texts.add(line.substring(start, matcher.start()));
      slots.add(matcher.group(1).charAt(0) - 'A');
      start = matcher.end();
    }
    texts.add(line.substring(start));
    return new Piece(
        null,
        texts.toArray(new String[0]),
        slots.stream().mapToInt(Integer::intValue).toArray(),
        lineEnd);
  }

  private static String substitute(Piece piece, String[] values) {
    StringBuilder out = new StringBuilder(160);
    for (int i = 0; i < piece.slots().length; i++) {
      out.append(piece.texts()[i]).append(values[piece.slots()[i]]);
    }
    return out.append(piece.texts()[piece.slots().length]).toString();
  }
}
