package dev.tidings.cli;

import dev.tidings.app.Tidings;
import dev.tidings.delivery.Relay;
import dev.tidings.delivery.RelayStatuses;
import dev.tidings.edition.Edition;
import dev.tidings.edition.EditionStore;
import dev.tidings.edition.Progress;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where an edition stands, as the edition commands print it: the short outcome after {@code send}
 * and {@code resume}, and the full {@code edition status} with the latest errors; JSON or lines.
 */
final class EditionReport {
  private final AppContext context;
  private final Tidings tidings;

  EditionReport(AppContext context) {
    this.context = context;
    this.tidings = context.tidings();
  }

  /** Prints the outcome (JSON, or a line when {@code line}); returns 1 if any delivery failed. */
  int outcome(long editionId, boolean json, boolean line) {
    Edition now = tidings.editions().byId(editionId);
    Progress progress = tidings.editions().progress(editionId);
    if (json) {
      context.printJson(outcome(now, progress));
    } else if (line) {
      context
          .out()
          .printf(
              "edition %d %s: %d sent, %d failed, %d skipped, %d open%n",
              now.id(),
              now.status().value(),
              progress.sent(),
              progress.failed(),
              progress.skipped(),
              progress.open());
    }
    return progress.failed() > 0 ? 1 : 0;
  }

  /** The JSON outcome: status and counts, with everything still to send as "queued". */
  static Map<String, Object> outcome(Edition edition, Progress progress) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("edition", edition.id());
    view.put("status", edition.status().value());
    view.put("queued", progress.queued() + progress.sending() + progress.retry());
    view.put("sent", progress.sent());
    view.put("failed", progress.failed());
    view.put("skipped", progress.skipped());
    return view;
  }

  /** Prints status, subject, HTML size, the count of each delivery state and the last 10 errors. */
  void status(Edition edition, boolean json) {
    long editionId = edition.id();
    Progress progress = tidings.editions().progress(editionId);
    List<EditionStore.DeliveryError> errors = tidings.editions().latestErrors(editionId, 10);
    EditionStore.DigestFacts digest = tidings.editions().digestFacts(editionId);
    if (json) {
      Map<String, Object> view = outcome(edition, progress);
      view.put("subject", edition.subject());
      view.put("reason", edition.statusReason());
      view.put("html_bytes", digest.htmlBytes());
      view.put("size_note", digest.sizeNote());
      view.put("errors", errors);
      view.put("relays", troubledRelays());
      context.printJson(view);
    } else {
      printStatus(edition, progress, digest, errors);
    }
  }

  private void printStatus(
      Edition edition,
      Progress progress,
      EditionStore.DigestFacts digest,
      List<EditionStore.DeliveryError> errors) {
    PrintWriter out = context.out();
    out.printf(
        "edition %d: %s%s%n",
        edition.id(),
        edition.status().value(),
        edition.statusReason() == null ? "" : " (" + edition.statusReason() + ")");
    out.printf("subject: %s%n", edition.subject());
    if (digest.htmlBytes() > 0) {
      out.printf(
          Locale.ROOT,
          "html: %.1f KB%s%n",
          digest.htmlBytes() / 1000.0,
          digest.sizeNote() == null ? "" : ", " + digest.sizeNote());
    }
    out.printf(
        "queued %d, sending %d, retry %d, sent %d, failed %d, skipped %d%n",
        progress.queued(),
        progress.sending(),
        progress.retry(),
        progress.sent(),
        progress.failed(),
        progress.skipped());
    for (EditionStore.DeliveryError error : errors) {
      out.printf(
          "  %s %s after %d attempt(s): %s%n",
          error.email(), error.status(), error.attempts(), error.error());
    }
    List<RelayStatuses.Row> relays = troubledRelays();
    if (!relays.isEmpty()) {
      out.println("relays with a problem (no delivery is counted against anyone for these):");
      Instant now = tidings.clock().instant();
      for (RelayStatuses.Row relay : relays) {
        out.printf("  %s%n", relay.describe(now));
      }
    }
  }

  /** The relays whose last recorded state is not OK. */
  private List<RelayStatuses.Row> troubledRelays() {
    return tidings.relayStatuses().all().stream()
        .filter(row -> row.state() != Relay.State.OK)
        .toList();
  }
}
