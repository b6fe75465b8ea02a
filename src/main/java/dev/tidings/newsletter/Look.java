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

  /** The language tag of {@link #locale}, e.g. {@code de-DE}. */
  public String languageTag() {
    return locale.toLanguageTag();
  }
}
