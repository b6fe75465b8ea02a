package dev.tidings.edition;

/**
 * Wraps plain text at a column for the text part of an email. Words longer than the line (URLs)
 * stay whole on a line of their own rather than being broken.
 */
public final class TextWrap {
  public static final int COLUMNS = 76;

  private TextWrap() {}

  public static String wrap(String text, int columns) {
    StringBuilder out = new StringBuilder(text.length() + text.length() / columns + 16);
    for (String line : text.split("\n", -1)) {
      if (line.length() <= columns) {
        out.append(line).append('\n');
        continue;
      }
      String indent = line.substring(0, line.length() - line.stripLeading().length());
      int width = 0;
      out.append(indent);
      width = indent.length();
      boolean lineStart = true;
      for (String word : line.strip().split(" +")) {
        if (!lineStart && width + 1 + word.length() > columns) {
          out.append('\n').append(indent);
          width = indent.length();
          lineStart = true;
        }
        if (!lineStart) {
          out.append(' ');
          width++;
        }
        out.append(word);
        width += word.length();
        lineStart = false;
      }
      out.append('\n');
    }
    out.setLength(out.length() - 1);
    return out.toString();
  }
}
