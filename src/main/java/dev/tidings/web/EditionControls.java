package dev.tidings.web;

import dev.tidings.edition.Edition;
import dev.tidings.edition.EditionReports;
import dev.tidings.edition.EditionStore;
import io.javalin.http.Context;
import java.time.Clock;

/**
 * The edition of a request's {@code {id}} and the state changes an editor may ask of it, the same
 * for the editors' pages and the API: pause, resume, cancel, and retrying failed deliveries. Each
 * change answers whether the edition was in a state that allows it; the caller says so in its own
 * way (a page or a JSON error) and decides when to wake the delivery engine. Stateless.
 */
final class EditionControls {
  private final EditionStore editions;
  private final EditionReports reports;
  private final Clock clock;

  EditionControls(EditionStore editions, EditionReports reports, Clock clock) {
    this.editions = editions;
    this.reports = reports;
    this.clock = clock;
  }

  /** The edition named by the path parameter {@code id}, or a 404. */
  Edition edition(Context ctx) {
    long id = Params.id(ctx, "edition");
    return editions
        .find(id)
        .orElseThrow(() -> new WebProblem(404, "not_found", "There is no edition " + id + "."));
  }

  /** Sending to paused (messages already leased finish); false unless it was sending. */
  boolean pause(Edition edition, String who) {
    return editions.transition(
        edition.id(), Edition.Status.SENDING, Edition.Status.PAUSED, "paused by " + who, null);
  }

  /** Paused to sending; false unless it was paused. */
  boolean resume(Edition edition) {
    return editions.transition(
        edition.id(), Edition.Status.PAUSED, Edition.Status.SENDING, null, null);
  }

  /** Nothing more of it is sent; false when it was already finished. */
  boolean cancel(Edition edition, String who) {
    return editions.cancel(edition.id(), who, clock.instant());
  }

  /** Queues its failed deliveries again; returns how many. */
  int retryFailed(Edition edition, String who) {
    return reports.retryFailed(edition.id(), who);
  }
}
