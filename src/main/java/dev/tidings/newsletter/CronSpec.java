package dev.tidings.newsletter;

import dev.tidings.InvalidInputException;
import java.text.ParseException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.quartz.CronExpression;

/**
 * A newsletter's schedule. Accepts the five-field Unix form ({@code 0 8 * * 1} = Mondays 08:00)
 * that operators know, and Quartz's own six- or seven-field form with seconds; stored as written
 * and turned into a Quartz expression when scheduled.
 */
public final class CronSpec {
  private static final Pattern NUMBER = Pattern.compile("\\d+");
  private final String text;
  private final String quartz;

  private CronSpec(String text, String quartz) {
    this.text = text;
    this.quartz = quartz;
  }

  /**
   * Parses {@code text}.
   *
   * @throws InvalidInputException naming the cron expression and what is wrong with it
   */
  public static CronSpec parse(String text) {
    String trimmed = text == null ? "" : text.trim().replaceAll("\\s+", " ");
    String[] fields = trimmed.isEmpty() ? new String[0] : trimmed.split(" ");
    String quartz;
    if (fields.length == 5) {
      quartz = fromUnix(fields);
    } else if (fields.length == 6 || fields.length == 7) {
      quartz = trimmed;
    } else {
      throw invalid(
          text, "expected 5 fields (minute hour day month weekday), got " + fields.length);
    }
    try {
      CronExpression.validateExpression(quartz);
    } catch (ParseException e) {
      throw invalid(text, e.getMessage());
    }
    return new CronSpec(trimmed, quartz);
  }

  private static String fromUnix(String[] fields) {
    String dayOfMonth = fields[2];
    String dayOfWeek = unixWeekdays(fields[4]);
    // Quartz wants exactly one of day-of-month and day-of-week to be '?'.
    if ("*".equals(dayOfWeek)) {
      dayOfWeek = "?";
    } else if ("*".equals(dayOfMonth)) {
      dayOfMonth = "?";
    } else {
      throw invalid(
          String.join(" ", fields), "cannot restrict both the day of month and the weekday");
    }
    return "0 "
        + fields[0]
        + " "
        + fields[1]
        + " "
        + dayOfMonth
        + " "
        + fields[3]
        + " "
        + dayOfWeek;
  }

  /** Unix numbers weekdays 0-7 from Sunday; Quartz 1-7 from Sunday. */
  private static String unixWeekdays(String field) {
    Matcher matcher = NUMBER.matcher(field);
    StringBuilder converted = new StringBuilder();
    int slash = field.indexOf('/');
    while (matcher.find()) {
      boolean isStep = slash >= 0 && matcher.start() > slash;
      int value = Integer.parseInt(matcher.group());
      String replacement = isStep ? matcher.group() : String.valueOf(value % 7 + 1);
      matcher.appendReplacement(converted, replacement);
    }
    matcher.appendTail(converted);
    return converted.toString();
  }

  private static InvalidInputException invalid(String text, String problem) {
    return new InvalidInputException("cron", "invalid cron expression '" + text + "': " + problem);
  }

  /** The expression as the operator wrote it. */
  public String text() {
    return text;
  }

  /** The Quartz form (with seconds). */
  public String quartz() {
    return quartz;
  }

  /** The next {@code count} fire times after {@code after} in {@code zone}. */
  public List<Instant> nextFireTimes(Instant after, ZoneId zone, int count) {
    CronExpression expression;
    try {
      expression = new CronExpression(quartz);
    } catch (ParseException e) {
      throw new IllegalStateException("validated cron no longer parses: " + quartz, e);
    }
    expression.setTimeZone(TimeZone.getTimeZone(zone));
    List<Instant> times = new ArrayList<>();
    Date cursor = Date.from(after);
    for (int i = 0; i < count; i++) {
      cursor = expression.getNextValidTimeAfter(cursor);
      if (cursor == null) {
        break;
      }
      times.add(cursor.toInstant());
    }
    return times;
  }

  @Override
  public String toString() {
    return text;
  }
}
