package dev.tidings.article;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Feed dates that Rome cannot read: RFC 822 dates written with another language's day and month
 * names ({@code Seg, 24 Set 2018 19:35:07 -0300} from a Brazilian feed, {@code Mi, 3 Okt 2018},
 * {@code 5 févr. 2019}), two-digit years, a missing seconds field, a space instead of the ISO
 * {@code T}. A date that names no zone is taken as UTC. Anything else is no date: an item without
 * one is dated when it is first seen, never "now" on every poll. Thread-safe.
 */
final class FeedDates {
  /**
   * Month names and abbreviations in English, Portuguese, Spanish, French, German, Italian, Dutch.
   */
  private static final Map<String, Integer> MONTHS =
      months(
          "jan janeiro enero janvier januar gennaio januari janv ene gen",
          "feb fev fevereiro febrero février fevrier februar febbraio februari févr fevr",
          "mar março marco marzo mars märz maerz mär maart mrt",
          "apr abr abril avril aprile avr",
          "may mai maio mayo mei mag maggio",
          "jun junho junio juin juni giu giugno",
          "jul julho julio juillet juli lug luglio juil",
          "aug ago agosto août aout augustus",
          "sep sept set setembro septiembre septembre september settembre",
          "oct okt out outubro octubre octobre oktober ottobre ott",
          "nov novembro noviembre novembre november",
          "dec dez dic dezembro diciembre décembre decembre dezember dicembre déc");

  private static final Pattern DAY_MONTH_YEAR =
      Pattern.compile(
          "(?iU)^(?:\\p{L}+\\.?,?\\s+)?(\\d{1,2})\\.?\\s+(\\p{L}+)\\.?,?\\s+(\\d{4}|\\d{2})"
              + "(?:,?\\s+(\\d{1,2})[:h](\\d{2})(?::(\\d{2}))?)?\\s*(.*)$");
  private static final Pattern ISO_SPACE =
      Pattern.compile("^(\\d{4})-(\\d{2})-(\\d{2})[ T](\\d{2}):(\\d{2})(?::(\\d{2}))?\\s*(.*)$");
  private static final Pattern OFFSET = Pattern.compile("^([+-])(\\d{2}):?(\\d{2})$");
  private static final Map<String, Integer> ZONES =
      Map.of(
          "", 0, "z", 0, "gmt", 0, "ut", 0, "utc", 0, "est", -300, "edt", -240, "cst", -360, "cdt",
          -300, "pst", -480);

  private FeedDates() {}

  /** The instant {@code text} names, or null when it is no date this class reads. */
  static Instant parse(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String value = text.strip();
    Instant standard = Fields.instantOrNull(value);
    // RFC 1123 parsing takes "02" as the year 2; such a date is read below as 2002.
    if (standard != null && !standard.isBefore(ArticleDraft.EARLIEST)) {
      return standard;
    }
    Matcher iso = ISO_SPACE.matcher(value);
    if (iso.matches()) {
      return at(iso.group(1), Integer.parseInt(iso.group(2)), iso.group(3), iso, 4, iso.group(7));
    }
    Matcher named = DAY_MONTH_YEAR.matcher(value);
    if (named.matches()) {
      Integer month = month(named.group(2));
      if (month != null) {
        String year = named.group(3).length() == 2 ? "20" + named.group(3) : named.group(3);
        return at(year, month, named.group(1), named, 4, named.group(7));
      }
    }
    return null;
  }

  private static Integer month(String name) {
    String key = name.toLowerCase(Locale.ROOT);
    Integer month = MONTHS.get(key);
    return month != null || key.length() < 3 ? month : MONTHS.get(key.substring(0, 3));
  }

  private static Instant at(
      String year, int month, String day, Matcher time, int hourGroup, String zone) {
    Integer offsetMinutes = offset(zone);
    if (offsetMinutes == null) {
      return null;
    }
    try {
      LocalDateTime local =
          LocalDateTime.of(
              Integer.parseInt(year),
              month,
              Integer.parseInt(day),
              number(time.group(hourGroup)),
              number(time.group(hourGroup + 1)),
              number(time.group(hourGroup + 2)));
      return local.toInstant(ZoneOffset.ofTotalSeconds(offsetMinutes * 60));
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static int number(String digits) {
    return digits == null ? 0 : Integer.parseInt(digits);
  }

  /**
   * Minutes east of UTC for {@code +0300}, {@code -03:00}, GMT and the US zones; null if unknown.
   */
  private static Integer offset(String zone) {
    String key = zone.strip().toLowerCase(Locale.ROOT);
    Matcher offset = OFFSET.matcher(key);
    if (offset.matches()) {
      int minutes = Integer.parseInt(offset.group(2)) * 60 + Integer.parseInt(offset.group(3));
      return offset.group(1).equals("-") ? -minutes : minutes;
    }
    return ZONES.get(key);
  }

  private static Map<String, Integer> months(String... names) {
    Map<String, Integer> months = new java.util.HashMap<>();
    for (int i = 0; i < names.length; i++) {
      for (String name : names[i].split(" ")) {
        months.put(name, i + 1);
      }
    }
    return Map.copyOf(months);
  }
}
