package dev.tidings.web;

import dev.tidings.edition.EditionReports;
import dev.tidings.newsletter.Newsletter;
import dev.tidings.newsletter.NewsletterStore;
import dev.tidings.subscriber.SubscriberStats;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /admin}: each newsletter with its next scheduled send (in its own zone), the recent
 * editions with delivered and failed counts, and the subscriber growth of the last 30 days.
 */
final class DashboardAdmin {
  static final DateTimeFormatter ZONED =
      DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm zzz", Locale.ENGLISH);
  private final Pages pages;
  private final AdminPage page;
  private final NewsletterStore newsletters;
  private final EditionReports reports;
  private final SubscriberStats stats;
  private final Clock clock;

  DashboardAdmin(
      Pages pages,
      AdminPage page,
      NewsletterStore newsletters,
      EditionReports reports,
      SubscriberStats stats,
      Clock clock) {
    this.pages = pages;
    this.page = page;
    this.newsletters = newsletters;
    this.reports = reports;
    this.stats = stats;
    this.clock = clock;
  }

  void register(RoutesConfig routes) {
    routes.get("/admin", this::show);
  }

  private void show(Context ctx) {
    Instant now = clock.instant();
    Map<Long, Long> active = newsletters.activeSubscriberCounts();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Newsletter newsletter : newsletters.list()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("name", newsletter.name());
      row.put("slug", newsletter.slug());
      row.put("cron", newsletter.cron().text());
      row.put("enabled", newsletter.enabled());
      row.put("subscribers", active.getOrDefault(newsletter.id(), 0L));
      List<Instant> next = newsletter.cron().nextFireTimes(now, newsletter.zone(), 1);
      row.put(
          "next",
          !newsletter.enabled() || next.isEmpty()
              ? null
              : ZONED.format(next.get(0).atZone(newsletter.zone())));
      rows.add(row);
    }
    List<Map<String, Object>> editions = new ArrayList<>();
    for (EditionReports.Summary summary : reports.recent(8, 0)) {
      editions.add(EditionAdmin.summaryRow(summary));
    }
    Map<String, Long> byStatus = stats.byStatus();
    List<SubscriberStats.Point> growth = stats.growth(30);
    long start = growth.isEmpty() ? 0 : growth.get(0).total();
    long end = growth.isEmpty() ? 0 : growth.get(growth.size() - 1).total();
    Map<String, Object> scope = page.scope(ctx, "Dashboard", "dashboard");
    scope.put("newsletters", rows);
    scope.put("editions", editions);
    scope.put("active", byStatus.getOrDefault("active", 0L));
    scope.put("pending", byStatus.getOrDefault("pending", 0L));
    scope.put("unsubscribed", byStatus.getOrDefault("unsubscribed", 0L));
    scope.put(
        "bounced", byStatus.getOrDefault("bounced", 0L) + byStatus.getOrDefault("complained", 0L));
    scope.put("growth", (end - start >= 0 ? "+" : "") + (end - start));
    scope.put("chart", GrowthChart.svg(growth));
    pages.render(ctx, 200, "admin/dashboard", scope);
  }
}
