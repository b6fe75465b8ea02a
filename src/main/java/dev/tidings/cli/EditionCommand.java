package dev.tidings.cli;

import dev.tidings.InvalidInputException;
import dev.tidings.NotFoundException;
import dev.tidings.app.Tidings;
import dev.tidings.article.Article;
import dev.tidings.delivery.DeliveryEngine;
import dev.tidings.edition.Edition;
import dev.tidings.edition.EditionPlanner;
import dev.tidings.edition.EditionRenderer;
import dev.tidings.edition.EditionStore;
import dev.tidings.edition.Progress;
import dev.tidings.edition.Recipient;
import dev.tidings.newsletter.Newsletter;
import dev.tidings.subscriber.Subscriber;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tidings edition preview|send|status}. */
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
    Tidings tidings = context.tidings();
    Newsletter newsletter = tidings.newsletters().bySlug(slug);
    List<Article> articles = tidings.planner().nextArticles(newsletter);
    if (articles.isEmpty()) {
      throw new InvalidInputException(
          "newsletter",
          "newsletter " + slug + " has no new articles: the next edition would be skipped");
    }
    java.time.Instant now = tidings.clock().instant();
    EditionRenderer.SharedContent shared =
        tidings.renderer().renderShared(newsletter, articles, now);
    Edition edition =
        new Edition(
            0,
            newsletter.id(),
            "preview",
            null,
            "preview",
            shared.subject(),
            Edition.Status.SENDING,
            null,
            shared.html(),
            shared.text(),
            articles.size(),
            0,
            now,
            null);
    Subscriber subscriber = email == null ? null : tidings.subscribers().byEmail(email);
    long subscriberId = subscriber == null ? 0 : subscriber.id();
    Recipient recipient =
        tidings
            .digestMessages()
            .recipient(
                newsletter,
                edition,
                subscriberId,
                subscriber == null ? "reader@example.com" : subscriber.email(),
                subscriber == null ? "Reader" : subscriber.name());
    EditionRenderer.PersonalContent content =
        tidings.renderer().personalizer(newsletter, edition, shared.preheader()).render(recipient);
    if (shared.sizeNote() != null) {
      context.err().println("tidings: note: the next edition is " + shared.sizeNote());
    }
    switch (format.toLowerCase(Locale.ROOT)) {
      case "html":
        context.out().print(content.html());
        break;
      case "text":
        context.out().print(content.text());
        break;
      case "eml":
        MimeMessage message =
            tidings
                .composer()
                .compose(
                    newsletter,
                    edition,
                    recipient,
                    content,
                    tidings.links().unsubscribeToken(subscriberId, newsletter.id()),
                    now);
        context.out().flush();
        OutputStream out = System.out;
        message.writeTo(out);
        out.flush();
        return;
      default:
        throw new InvalidInputException(
            "format", "unknown --format '" + format + "': use html, text or eml");
    }
    context.out().flush();
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
        context.printJson(outcome(edition, tidings.editions().progress(edition.id())));
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
      deliver(tidings, edition, json);
    } else if (!json) {
      context.out().println("queued; a running `tidings serve` delivers it (or use --wait)");
    }
    return report(tidings, edition.id(), json, wait);
  }

  /** Prints where an edition stands (JSON, or a line when {@code line}); 1 if any failed. */
  private int report(Tidings tidings, long editionId, boolean json, boolean line) {
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

  private void deliver(Tidings tidings, Edition edition, boolean json) {
    DeliveryEngine engine = tidings.engine();
    // Fail fast with the relay's own words rather than wait on a relay that is not there; the
    // edition stays queued for a running `tidings serve`.
    String problem = tidings.relayProblem();
    if (problem != null) {
      throw new IllegalStateException(problem + "; edition " + edition.id() + " stays queued");
    }
    boolean bar = !json && System.console() != null;
    Thread monitor = null;
    ProgressBar progressBar = null;
    if (bar) {
      progressBar =
          new ProgressBarBuilder()
              .setTaskName("sending")
              .setInitialMax(edition.recipientCount())
              .setStyle(ProgressBarStyle.ASCII)
              .setUpdateIntervalMillis(250)
              .showSpeed()
              .build();
      ProgressBar target = progressBar;
      monitor = new Thread(() -> follow(tidings.editions(), edition.id(), target), "progress");
      monitor.setDaemon(true);
      monitor.start();
    }
    long started = System.nanoTime();
    engine.runEdition(edition.id());
    double seconds = (System.nanoTime() - started) / 1e9;
    if (monitor != null) {
      monitor.interrupt();
      progressBar.stepTo(tidings.editions().progress(edition.id()).done());
      progressBar.close();
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

  private static void follow(EditionStore editions, long editionId, ProgressBar bar) {
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
      deliver(tidings, tidings.editions().byId(edition.id()), json);
    }
    return report(tidings, edition.id(), json, true);
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

  @Command(name = "status", description = "Show an edition's delivery counts and latest errors.")
  void status(@Parameters(paramLabel = "ID") String id, @Option(names = "--json") boolean json) {
    Tidings tidings = context.tidings();
    Edition edition = existing(id);
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
      context.printJson(view);
      return;
    }
    context
        .out()
        .printf(
            "edition %d: %s%s%n",
            edition.id(),
            edition.status().value(),
            edition.statusReason() == null ? "" : " (" + edition.statusReason() + ")");
    context.out().printf("subject: %s%n", edition.subject());
    if (digest.htmlBytes() > 0) {
      context
          .out()
          .printf(
              Locale.ROOT,
              "html: %.1f KB%s%n",
              digest.htmlBytes() / 1000.0,
              digest.sizeNote() == null ? "" : ", " + digest.sizeNote());
    }
    context
        .out()
        .printf(
            "queued %d, sending %d, retry %d, sent %d, failed %d, skipped %d%n",
            progress.queued(),
            progress.sending(),
            progress.retry(),
            progress.sent(),
            progress.failed(),
            progress.skipped());
    for (EditionStore.DeliveryError error : errors) {
      context
          .out()
          .printf(
              "  %s %s after %d attempt(s): %s%n",
              error.email(), error.status(), error.attempts(), error.error());
    }
  }

  private static Map<String, Object> outcome(Edition edition, Progress progress) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("edition", edition.id());
    view.put("status", edition.status().value());
    view.put("queued", progress.queued() + progress.sending() + progress.retry());
    view.put("sent", progress.sent());
    view.put("failed", progress.failed());
    view.put("skipped", progress.skipped());
    return view;
  }
}
