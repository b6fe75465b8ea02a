package dev.tidings;

import java.util.regex.Pattern;

/**
 * Text that must stay on one line: header values, names, one-line fields. A line breaks at more
 * than CR and LF: NEL (U+0085) and the other C1 controls, and the Unicode line and paragraph
 * separators (U+2028, U+2029), which {@code \p{Cntrl}} (ASCII only) misses and some mail clients
 * and spreadsheets honour.
 */
public final class OneLine {
  private static final Pattern BREAKING = Pattern.compile("[\\p{Cc}\\p{Zl}\\p{Zp}]+");

  private OneLine() {}

  /** Whether {@code text} has no control character and no line or paragraph separator. */
  public static boolean is(String text) {
    return text == null || !BREAKING.matcher(text).find();
  }

  /** {@code text} with each run of controls and separators made one space, trimmed; "" for null. */
  public static String of(String text) {
    if (text == null) {
      return "";
    }
    return is(text) ? text.trim() : BREAKING.matcher(text).replaceAll(" ").trim();
  }
}
