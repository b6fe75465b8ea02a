package dev.tidings.app;

import dev.tidings.edition.EditionStore;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * The process's Prometheus registry (served at {@code /metrics}), with the delivery rows of open
 * editions as a gauge that is read from the database on each scrape rather than kept up to date.
 * Thread-safe as Micrometer's registry is.
 */
final class ServiceMetrics {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final MultiGauge queueDepth =
      MultiGauge.builder("tidings.edition.deliveries")
          .description("Delivery rows of sending and paused editions, by status")
          .register(registry);
  private final EditionStore editions;

  ServiceMetrics(EditionStore editions) {
    this.editions = editions;
  }

  PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Refreshes the per-edition queue depth gauge from the database (on each scrape). */
  void refreshQueueDepth() {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    for (EditionStore.StatusCount count : editions.openEditionCounts()) {
      rows.add(
          MultiGauge.Row.of(
              Tags.of("edition", String.valueOf(count.editionId()), "status", count.status()),
              count.count()));
    }
    queueDepth.register(rows, true);
  }
}
