package dev.tidings.article;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dates as pages print them: {@code 2026-03-04}, {@code March 4, 2026}, {@code Mar 4th 2026},
 * {@code 4 March 2026}. A date without a time is taken as midnight UTC. Thread-safe.
 */
final class Dates {
  private static final String MONTH =
      "(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?";
  private static final Pattern ISO = Pattern.compile("\\b(\\d{4})-(\\d{2})-(\\d{2})\\b");
  private static final Pattern MONTH_FIRST =
      Pattern.compile("(?i)\\b" + MONTH + "\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b");
  private static final Pattern DAY_FIRST =
      Pattern.compile("(?i)\\b(\\d{1,2})(?:st|nd|rd|th)?\\.?\\s+" + MONTH + ",?\\s+(\\d{4})\\b");
  private static final String MONTHS = "janfebmaraprmayjunjulaugsepoctnovdec";

  private Dates() {}

  /** The first date in {@code text}, if any. */
  static Optional<Instant> find(String text) {
    Matcher iso = ISO.matcher(text);
    if (iso.find()) {
      return of(iso.group(1), iso.group(2), iso.group(3));
    }
    Matcher monthFirst = MONTH_FIRST.matcher(text);
    if (monthFirst.find()) {
      return of(monthFirst.group(3), month(monthFirst.group(1)), monthFirst.group(2));
    }
    Matcher dayFirst = DAY_FIRST.matcher(text);
    if (dayFirst.find()) {
      return of(dayFirst.group(3), month(dayFirst.group(2)), dayFirst.group(1));
    }
    return Optional.empty();
  }

  private static String month(String name) {
    return String.valueOf(MONTHS.indexOf(name.substring(0, 3).toLowerCase(Locale.ROOT)) / 3 + 1);
  }

  private static Optional<Instant> of(String year, String month, String day) {
    try {
      return Optional.of(
          LocalDate.of(Integer.parseInt(year), Integer.parseInt(month), Integer.parseInt(day))
              .atStartOfDay()
              .toInstant(ZoneOffset.UTC));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }
}
