package dev.tidings.subscriber;

import dev.tidings.db.Database;
import dev.tidings.db.Jdbc;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Counts for the dashboard: subscribers by status and the list's growth per day. Thread-safe. */
public final class SubscriberStats {
  private final Database database;
  private final Clock clock;

  public SubscriberStats(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /** Subscribers per status ({@code active}, {@code pending}, ...). */
  public Map<String, Long> byStatus() {
    return database.read(
        connection -> {
          Map<String, Long> counts = new HashMap<>();
          for (Object[] row :
              Jdbc.query(
                  connection,
                  database.sql("subscriber-status-counts"),
                  rs -> new Object[] {rs.getString("status"), rs.getLong("n")})) {
            counts.put((String) row[0], (Long) row[1]);
          }
          return counts;
        });
  }

  /** One day of the growth chart: subscribers on the list at the end of {@code day} (UTC). */
  public record Point(LocalDate day, long total) {}

  /**
   * The running total of subscribers for each of the last {@code days} days (UTC), oldest first.
   */
  public List<Point> growth(int days) {
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    LocalDate first = today.minusDays(days - 1L);
    Instant from = first.atStartOfDay(ZoneOffset.UTC).toInstant();
    return database.read(
        connection -> {
          long total = Jdbc.count(connection, database.sql("subscribers-before"), from);
          Map<LocalDate, Long> added = new LinkedHashMap<>();
          for (Object[] row :
              Jdbc.query(
                  connection,
                  database.sql("subscriber-growth"),
                  rs -> new Object[] {rs.getDate("created_on").toLocalDate(), rs.getLong("n")},
                  from)) {
            added.put((LocalDate) row[0], (Long) row[1]);
          }
          List<Point> points = new ArrayList<>();
          for (LocalDate day = first; !day.isAfter(today); day = day.plusDays(1)) {
            total += added.getOrDefault(day, 0L);
            points.add(new Point(day, total));
          }
          return points;
        });
  }
}
