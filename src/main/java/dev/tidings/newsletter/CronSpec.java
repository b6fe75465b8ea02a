package dev.tidings.newsletter;

import com.cronutils.mapper.CronMapper;
import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.tidings.InvalidInputException;
import java.text.ParseException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * A newsletter's schedule. Accepts the five-field Unix form ({@code 0 8 * * 1} = Mondays 08:00)
 * that operators know, and Quartz's own six- or seven-field form with seconds; stored as written
 * and turned into a Quartz expression when scheduled.
 */
public final class CronSpec {
  private static final CronParser UNIX =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  private static final CronMapper TO_QUARTZ = CronMapper.fromUnixToQuartz();
  private static final CronParser QUARTZ =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));
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

  /**
   * The Quartz form of a five-field Unix expression, by cron-utils' parser for the Unix definition
   * and its Unix-to-Quartz mapper (one of day of month and weekday becomes {@code ?}). The weekday
   * field is first written out as the list of days it means ({@link #weekdays}): cron-utils 9.2.1
   * maps a range that ends in 7 as the hand-written translation before it did, {@code 0-7} (every
   * day) to Quartz's {@code 1-1} (Sundays only) and {@code 5-7} to {@code 6-1}; a plain list it
   * maps right.
   */
  private static String fromUnix(String[] fields) {
    String unix = String.join(" ", fields);
    if (!"*".equals(fields[2]) && !"*".equals(fields[4])) {
      throw invalid(unix, "cannot restrict both the day of month and the weekday");
    }
    String[] listed = fields.clone();
    listed[4] = weekdays(unix, fields[4]);
    Cron parsed;
    try {
      parsed = UNIX.parse(String.join(" ", listed));
    } catch (IllegalArgumentException e) {
      throw invalid(unix, e.getMessage());
    }
    return TO_QUARTZ.map(parsed).asString();
  }

  /**
   * A Unix weekday field as the days it names: {@code *} for all seven, else a list of 0-6 from
   * Sunday. Takes numbers 0-7 (0 and 7 are Sunday), the names SUN to SAT, ranges, steps ({@code
   * *}{@code /2}, {@code 1-5/2}, {@code 1/2}) and lists of them.
   */
  static String weekdays(String unix, String field) {
    if (field.equals("*")) {
      return field;
    }
    java.util.TreeSet<Integer> days = new java.util.TreeSet<>();
    for (String part : field.split(",", -1)) {
      String range = part;
      int step = 1;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        range = part.substring(0, slash);
        step = number(unix, part.substring(slash + 1), 1, 7);
      }
      int from;
      int to;
      if (range.equals("*")) {
        from = 0;
        to = 6;
      } else if (range.contains("-")) {
        String[] ends = range.split("-", -1);
        if (ends.length != 2) {
          throw invalid(unix, "'" + part + "' is not a weekday range");
        }
        from = day(unix, ends[0]);
        to = day(unix, ends[1]);
      } else {
        from = day(unix, range);
        to = slash >= 0 ? 6 : from;
      }
      if (from > to) {
        throw invalid(unix, "the weekday range '" + part + "' runs backwards");
      }
      for (int day = from; day <= to; day += step) {
        days.add(day % 7);
      }
    }
    if (days.size() == 7) {
      return "*";
    }
    return String.join(",", days.stream().map(String::valueOf).toList());
  }

  private static final List<String> DAY_NAMES =
      List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

  /** A weekday, 0-7 or SUN-SAT; 7 stays 7 here so that a range may end on Sunday. */
  private static int day(String unix, String text) {
    int named = DAY_NAMES.indexOf(text.toUpperCase(java.util.Locale.ROOT));
    return named >= 0 ? named : number(unix, text, 0, 7);
  }

  private static int number(String unix, String text, int min, int max) {
    try {
      int value = Integer.parseInt(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // named below
    }
    throw invalid(unix, "'" + text + "' is not a weekday (" + min + "-" + max + " or SUN-SAT)");
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

  /**
   * The slot of this schedule at or before {@code at} in {@code zone}: the fire time a late fire
   * stands for. Quartz hands a misfired job the time it finally ran (its "fire once now"), not the
   * slot it missed; empty when the schedule has no slot before {@code at}.
   */
  public Optional<Instant> slotAtOrBefore(Instant at, ZoneId zone) {
    ZonedDateTime just = at.plusMillis(1).atZone(zone);
    try {
      return ExecutionTime.forCron(QUARTZ.parse(quartz))
          .lastExecution(just)
          .map(ZonedDateTime::toInstant);
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // a Quartz form cron-utils does not read: Quartz's time stands
    }
  }

  @Override
  public String toString() {
    return text;
  }
}
