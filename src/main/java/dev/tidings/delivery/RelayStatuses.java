package dev.tidings.delivery;

import dev.tidings.db.Database;
import dev.tidings.db.Jdbc;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last known state of each relay, kept in {@code relay_status} so that every process and
 * command sees it: the engine reports each change of a {@link Relay}'s state ({@link #follow}), and
 * {@code serve}'s background check the result of its probes. Read by {@code /health}, {@code
 * edition status} and the admin. A failed write is logged and never stops sending. Thread-safe.
 */
public final class RelayStatuses {
  private static final Logger LOG = LoggerFactory.getLogger(RelayStatuses.class);
  private final Database database;
  private final Clock clock;
  private final String process;

  /** One relay's recorded state. */
  public record Row(
      String relay,
      Relay.State state,
      String detail,
      Instant changedAt,
      Instant checkedAt,
      Instant pausedUntil,
      String reportedBy) {
    /** True while the relay is paused, as of {@code now}. */
    public boolean paused(Instant now) {
      return pausedUntil != null && pausedUntil.isAfter(now);
    }

    /** One line for people: "primary: refusing since ...: 554 5.7.1 ...". */
    public String describe(Instant now) {
      StringBuilder line = new StringBuilder(relay).append(": ");
      line.append(state.name().toLowerCase(Locale.ROOT));
      if (detail != null) {
        line.append(" (").append(detail).append(')');
      }
      if (paused(now)) {
        line.append(", paused for ")
            .append(Duration.between(now, pausedUntil).toSeconds())
            .append(" s more");
      }
      line.append(", checked ")
          .append(Math.max(0, Duration.between(checkedAt, now).toSeconds()))
          .append(" s ago by ")
          .append(reportedBy);
      return line.toString();
    }
  }

  public RelayStatuses(Database database, Clock clock, String process) {
    this.database = database;
    this.clock = clock;
    this.process = process;
  }

  /** Reports every change of {@code relays}' state from now on. */
  public void follow(List<Relay> relays) {
    for (Relay relay : relays) {
      relay.onChange(this::report);
    }
  }

  /** Records {@code status} as the relay's state now. */
  public void report(Relay.Status status) {
    Instant now = clock.instant();
    Instant pausedUntil = status.pausedFor().isZero() ? null : now.plus(status.pausedFor());
    try {
      database.transaction(
          connection ->
              Jdbc.update(
                  connection,
                  database.sql("report-relay"),
                  status.relay(),
                  status.state(),
                  truncate(status.detail()),
                  now,
                  now,
                  pausedUntil,
                  process));
    } catch (RuntimeException e) {
      LOG.warn(
          "cannot record that relay {} is {}: {}", status.relay(), status.state(), e.getMessage());
    }
  }

  /** Records a check that found {@code status} unchanged: only its time moves. */
  public void checked(Relay.Status status) {
    try {
      int updated =
          database.transaction(
              connection ->
                  Jdbc.update(
                      connection,
                      database.sql("relay-checked"),
                      clock.instant(),
                      process,
                      status.relay(),
                      status.state()));
      if (updated == 0) {
        // No row yet, or another process recorded another state: this check's result stands.
        report(status);
      }
    } catch (RuntimeException e) {
      LOG.warn("cannot record the check of relay {}: {}", status.relay(), e.getMessage());
    }
  }

  /** Every relay's recorded state, by name. */
  public List<Row> all() {
    return database.read(
        connection ->
            Jdbc.query(
                connection,
                database.sql("relay-statuses"),
                row ->
                    new Row(
                        row.getString("relay"),
                        Relay.State.valueOf(row.getString("state").toUpperCase(Locale.ROOT)),
                        row.getString("detail"),
                        Jdbc.instant(row, "changed_at"),
                        Jdbc.instant(row, "checked_at"),
                        Jdbc.instant(row, "paused_until"),
                        row.getString("reported_by"))));
  }

  /**
   * Null when one of {@code relays} was last recorded OK, else each one's state: what /health calls
   * the SMTP problem.
   */
  public String problem(List<Relay> relays, Instant now) {
    return problem(relays, now, true);
  }

  /**
   * Null unless every one of {@code relays} was last recorded with a problem (a relay never checked
   * may be fine), else each one's state: what the pages warn about.
   */
  public String trouble(List<Relay> relays, Instant now) {
    return problem(relays, now, false);
  }

  private String problem(List<Relay> relays, Instant now, boolean uncheckedIsAProblem) {
    Map<String, Row> rows = byName();
    List<String> problems = new ArrayList<>();
    for (Relay relay : relays) {
      Row row = rows.get(relay.name());
      if (row == null && !uncheckedIsAProblem || row != null && row.state() == Relay.State.OK) {
        return null;
      }
      problems.add(row == null ? relay.name() + ": not checked yet" : row.describe(now));
    }
    return String.join("; ", problems);
  }

  /** Each of {@code relays} with its recorded state, its reason, and how long ago it was seen. */
  public List<Map<String, Object>> report(List<Relay> relays, Instant now) {
    Map<String, Row> rows = byName();
    List<Map<String, Object>> report = new ArrayList<>();
    for (Relay relay : relays) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("name", relay.name());
      Row row = rows.get(relay.name());
      if (row == null) {
        entry.put("state", "unchecked");
      } else {
        entry.put("state", row.state().name().toLowerCase(Locale.ROOT));
        entry.put("detail", row.detail());
        entry.put(
            "checked_seconds_ago", Math.max(0, Duration.between(row.checkedAt(), now).toSeconds()));
        entry.put(
            "paused_seconds",
            row.paused(now) ? Duration.between(now, row.pausedUntil()).toSeconds() : 0);
        entry.put("reported_by", row.reportedBy());
      }
      report.add(entry);
    }
    return report;
  }

  private Map<String, Row> byName() {
    Map<String, Row> rows = new HashMap<>();
    for (Row row : all()) {
      rows.put(row.relay(), row);
    }
    return rows;
  }

  private static String truncate(String text) {
    if (text == null) {
      return null;
    }
    String single = text.replaceAll("[\\r\\n]+", " ");
    return single.length() <= 1000 ? single : single.substring(0, 999) + "…";
  }
}
