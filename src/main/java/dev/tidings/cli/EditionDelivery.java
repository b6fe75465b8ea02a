package dev.tidings.cli;

import dev.tidings.app.Tidings;
import dev.tidings.delivery.DeliveryEngine;
import dev.tidings.delivery.Relay;
import dev.tidings.edition.Edition;
import dev.tidings.edition.EditionStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Delivers one edition in this process ({@code edition send --wait}, {@code edition resume --wait})
 * until nothing of it is left to send, with a progress bar on a terminal and the rate at the end.
 */
final class EditionDelivery {
  private final AppContext context;
  private final Tidings tidings;

  EditionDelivery(AppContext context) {
    this.context = context;
    this.tidings = context.tidings();
  }

  /**
   * Runs the edition's deliveries here and returns when they are done.
   *
   * @param json print nothing (the caller reports in JSON)
   * @throws IllegalStateException when no relay answers; the edition then stays queued
   */
  void deliver(Edition edition, boolean json) {
    DeliveryEngine engine = tidings.engine();
    // Fail fast with the relay's own words rather than wait on a relay that is not there; the
    // edition stays queued for a running `tidings serve`.
    String problem = tidings.relayProblem();
    if (problem != null) {
      throw new IllegalStateException(problem + "; edition " + edition.id() + " stays queued");
    }
    ProgressBar bar = !json && System.console() != null ? progressBar(edition) : null;
    Thread monitor = bar == null ? null : follow(edition.id(), bar);
    long started = System.nanoTime();
    engine.runEdition(edition.id());
    double seconds = (System.nanoTime() - started) / 1e9;
    if (monitor != null) {
      monitor.interrupt();
      bar.stepTo(tidings.editions().progress(edition.id()).done());
      bar.close();
    }
    List<String> refusing = new ArrayList<>();
    for (Relay relay : tidings.relays()) {
      Relay.Status status = relay.status();
      if (status.state() == Relay.State.REFUSING) {
        refusing.add(relay.name() + " refuses us (" + status.detail() + ")");
      }
    }
    if (!refusing.isEmpty() && tidings.editions().progress(edition.id()).open() > 0) {
      throw new IllegalStateException(
          String.join("; ", refusing)
              + "; edition "
              + edition.id()
              + " stays queued and no delivery was counted against anyone: fix the relay or"
              + " its settings, and `tidings serve` sends it");
    }
    if (!json) {
      long sent = tidings.editions().progress(edition.id()).sent();
      context
          .out()
          .printf(
              Locale.ROOT,
              "delivered in %.1fs (%.0f messages/s)%n",
              seconds,
              sent / Math.max(seconds, 0.001));
    }
  }

  private static ProgressBar progressBar(Edition edition) {
    return new ProgressBarBuilder()
        .setTaskName("sending")
        .setInitialMax(edition.recipientCount())
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(250)
        .showSpeed()
        .build();
  }

  /** Starts a daemon thread that moves the bar to the edition's progress twice a second. */
  private Thread follow(long editionId, ProgressBar bar) {
    EditionStore editions = tidings.editions();
    Thread monitor =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                try {
                  bar.stepTo(editions.progress(editionId).done());
                  Thread.sleep(500);
                } catch (InterruptedException e) {
                  return;
                } catch (RuntimeException e) {
                  // The database is away for a moment; the engine copes, the bar just waits.
                }
              }
            },
            "progress");
    monitor.setDaemon(true);
    monitor.start();
    return monitor;
  }
}
