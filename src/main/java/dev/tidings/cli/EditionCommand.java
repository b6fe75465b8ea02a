package dev.tidings.cli;

import dev.tidings.InvalidInputException;
import dev.tidings.NotFoundException;
import dev.tidings.app.Tidings;
import dev.tidings.edition.Edition;
import dev.tidings.edition.EditionPlanner;
import dev.tidings.edition.Progress;
import dev.tidings.newsletter.Newsletter;
import jakarta.mail.MessagingException;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tidings edition preview|send|status|pause|resume|cancel}: the options of each, and the
 * state changes. Rendering a preview is {@link EditionPreviewPrinter}'s job, delivering here {@link
 * EditionDelivery}'s, and printing where an edition stands {@link EditionReport}'s.
 */
@Command(name = "edition", description = "Preview, send and follow editions.")
final class EditionCommand {
  private final AppContext context;

  EditionCommand(AppContext context) {
    this.context = context;
  }

  @Command(name = "preview", description = "Print the next edition exactly as it would be sent.")
  void preview(
      @Option(names = "--newsletter", required = true) String slug,
      @Option(names = "--format", defaultValue = "html", description = "html, text or eml")
          String format,
      @Option(names = "--subscriber", description = "Render for this subscriber") String email)
      throws IOException, MessagingException {
    new EditionPreviewPrinter(context).print(slug, format, email);
  }

  @Command(name = "send", description = "Make an edition now and (with --wait) deliver it here.")
  int send(
      @Option(names = "--newsletter", required = true) String slug,
      @Option(names = "--wait", description = "Deliver in this process and wait for the end")
          boolean wait,
      @Option(names = "--json") boolean json) {
    Tidings tidings = context.tidings();
    Newsletter newsletter = tidings.newsletters().bySlug(slug);
    Edition edition = tidings.planner().plan(newsletter, EditionPlanner.Trigger.manual(who()));
    if (edition.status() == Edition.Status.SKIPPED) {
      if (json) {
        context.printJson(
            EditionReport.outcome(edition, tidings.editions().progress(edition.id())));
      } else {
        context.out().println("edition " + edition.id() + " skipped: " + edition.statusReason());
      }
      return 0;
    }
    if (!json) {
      context
          .out()
          .println(
              "edition "
                  + edition.id()
                  + " of "
                  + slug
                  + ": "
                  + edition.articleCount()
                  + " article(s), "
                  + edition.recipientCount()
                  + " recipient(s)");
      context.out().flush();
    }
    if (wait) {
      new EditionDelivery(context).deliver(edition, json);
    } else if (!json) {
      context.out().println("queued; a running `tidings serve` delivers it (or use --wait)");
    }
    return new EditionReport(context).outcome(edition.id(), json, wait);
  }

  @Command(name = "pause", description = "Stop claiming an edition's deliveries (resume later).")
  void pause(@Parameters(paramLabel = "ID") String id) {
    Edition edition = existing(id);
    if (!context
        .tidings()
        .editions()
        .transition(
            edition.id(),
            Edition.Status.SENDING,
            Edition.Status.PAUSED,
            "paused by " + who(),
            null)) {
      throw new InvalidInputException(
          "id",
          "edition "
              + edition.id()
              + " is "
              + edition.status().value()
              + ", only a sending edition can be paused");
    }
    context.out().println("edition " + edition.id() + " paused; messages already leased finish");
  }

  @Command(
      name = "resume",
      description =
          "Resume a paused edition; with --wait deliver it here, also one left behind"
              + " by a crashed process (after its leases expire).")
  int resume(
      @Parameters(paramLabel = "ID") String id,
      @Option(names = "--wait", description = "Deliver in this process until done") boolean wait,
      @Option(names = "--json") boolean json) {
    Tidings tidings = context.tidings();
    Edition edition = existing(id);
    if (edition.status() == Edition.Status.PAUSED) {
      tidings
          .editions()
          .transition(edition.id(), Edition.Status.PAUSED, Edition.Status.SENDING, null, null);
    } else if (edition.status() != Edition.Status.SENDING) {
      throw new InvalidInputException(
          "id",
          "edition " + edition.id() + " is " + edition.status().value() + ", nothing to resume");
    }
    if (wait) {
      new EditionDelivery(context).deliver(tidings.editions().byId(edition.id()), json);
    }
    return new EditionReport(context).outcome(edition.id(), json, true);
  }

  @Command(name = "cancel", description = "Cancel an edition: nothing more of it is sent.")
  void cancel(@Parameters(paramLabel = "ID") String id) {
    Edition edition = existing(id);
    if (!context
        .tidings()
        .editions()
        .cancel(edition.id(), who(), context.tidings().clock().instant())) {
      throw new InvalidInputException(
          "id",
          "edition "
              + edition.id()
              + " is "
              + edition.status().value()
              + ", only a sending or paused edition can be cancelled");
    }
    Progress progress = context.tidings().editions().progress(edition.id());
    context
        .out()
        .printf(
            "edition %d cancelled: %d sent before, %d skipped%n",
            edition.id(), progress.sent(), progress.skipped());
  }

  @Command(name = "status", description = "Show an edition's delivery counts and latest errors.")
  void status(@Parameters(paramLabel = "ID") String id, @Option(names = "--json") boolean json) {
    new EditionReport(context).status(existing(id), json);
  }

  private Edition existing(String id) {
    long editionId;
    try {
      editionId = Long.parseLong(id);
    } catch (NumberFormatException e) {
      throw new InvalidInputException("id", "edition id must be a number, got '" + id + "'");
    }
    return context
        .tidings()
        .editions()
        .find(editionId)
        .orElseThrow(() -> new NotFoundException("edition", "no edition " + editionId));
  }

  private static String who() {
    return "cli:" + System.getProperty("user.name", "unknown");
  }
}
