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

  /** Either a ready chunk or a line with markers (and its line end, unless it is the last). */
  private record Piece(LineCheck.Chunk chunk, String line, boolean lineEnd) {}

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
        pieces.add(
            new Piece(new LineCheck.Chunk(HtmlSkeleton.crlf(plain.toString())), null, false));
        plain.setLength(0);
      }
      pieces.add(new Piece(null, lines[i], !last));
    }
    if (plain.length() > 0) {
      pieces.add(new Piece(new LineCheck.Chunk(HtmlSkeleton.crlf(plain.toString())), null, false));
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
        String filled = TextWrap.wrap(substitute(piece.line(), values), columns);
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

  private static String substitute(String line, String[] values) {
    Matcher matcher = MARKER.matcher(line);
    StringBuilder out = new StringBuilder(line.length() + 64);
    while (matcher.find()) {
      matcher.appendReplacement(
          out, Matcher.quoteReplacement(values[matcher.group(1).charAt(0) - 'A']));
    }
    matcher.appendTail(out);
    return out.toString();
  }
}
