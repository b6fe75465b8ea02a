package dev.tidings.newsletter;

import java.util.Locale;

/**
 * How a newsletter's digests look: the logo at the top, the accent colour of links and rules, and
 * the locale its dates are written in (the time zone is the newsletter's own). Immutable.
 *
 * @param logoUrl an http(s) image address, or null for the name in text only
 * @param accentColor a {@code #rrggbb} colour
 */
public record Look(String logoUrl, String accentColor, Locale locale) {
  public static final String DEFAULT_ACCENT = "#2f6fdf";
  public static final Look DEFAULT = new Look(null, DEFAULT_ACCENT, Locale.ENGLISH);

  /**
   * The accent colour lightened for dark backgrounds (mixed half-way with white), so links keep
   * their contrast when a mail client shows the digest in dark mode.
   */
  public String accentOnDark() {
    int rgb = Integer.parseInt(accentColor.substring(1), 16);
    int red = ((rgb >> 16) & 0xff) / 2 + 128;
    int green = ((rgb >> 8) & 0xff) / 2 + 128;
    int blue = (rgb & 0xff) / 2 + 128;
    return String.format(Locale.ROOT, "#%02x%02x%02x", red, green, blue);
  }

  /** The language tag of {@link #locale}, e.g. {@code de-DE}. */
  public String languageTag() {
    return locale.toLanguageTag();
  }
}
