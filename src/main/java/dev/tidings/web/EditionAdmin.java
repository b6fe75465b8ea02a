package dev.tidings.web;

import dev.tidings.delivery.DigestMessages;
import dev.tidings.delivery.MailerUnavailableException;
import dev.tidings.delivery.MessageComposer;
import dev.tidings.delivery.OneOffSender;
import dev.tidings.delivery.SendResult;
import dev.tidings.edition.Edition;
import dev.tidings.edition.EditionPlanner;
import dev.tidings.edition.EditionPreview;
import dev.tidings.edition.EditionRenderer;
import dev.tidings.edition.EditionReports;
import dev.tidings.edition.EditionStore;
import dev.tidings.edition.Progress;
import dev.tidings.edition.Recipient;
import dev.tidings.newsletter.Newsletter;
import dev.tidings.newsletter.NewsletterStore;
import dev.tidings.subscriber.EmailAddress;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The editors' edition pages: the list, the preview of the next edition (desktop and phone widths
 * and the text part), a test send to one address, "Send now" behind a confirmation page, live
 * progress (polled as JSON by {@code assets/admin.js}), pause, resume, cancel, the delivery log and
 * "retry failed". Sending itself is the delivery engine's job; these handlers only plan and change
 * states, then wake the engine.
 */
final class EditionAdmin {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
  private static final int LOG_PAGE = 100;

  /** Everything the edition pages use. */
  record Parts(
      NewsletterStore newsletters,
      EditionStore editions,
      EditionReports reports,
      EditionPreview preview,
      EditionPlanner planner,
      EditionRenderer renderer,
      DigestMessages messages,
      MessageComposer composer,
      OneOffSender sender,
      Runnable wakeDelivery,
      Clock clock) {}

  private final Pages pages;
  private final AdminPage page;
  private final Parts parts;

  EditionAdmin(Pages pages, AdminPage page, Parts parts) {
    this.pages = pages;
    this.page = page;
    this.parts = parts;
  }

  void register(RoutesConfig routes) {
    routes.get("/admin/editions", this::list);
    routes.get("/admin/newsletters/{slug}/preview", this::preview);
    routes.get("/admin/newsletters/{slug}/preview.html", this::previewHtml);
    routes.post("/admin/newsletters/{slug}/test", this::testSend);
    routes.get("/admin/newsletters/{slug}/send", this::confirmSend);
    routes.post("/admin/newsletters/{slug}/send", this::send);
    routes.get("/admin/editions/{id}", this::show);
    routes.get("/admin/editions/{id}/progress", this::progressJson);
    routes.post("/admin/editions/{id}/pause", this::pause);
    routes.post("/admin/editions/{id}/resume", this::resume);
    routes.post("/admin/editions/{id}/cancel", this::cancel);
    routes.post("/admin/editions/{id}/retry", this::retry);
  }

  private void list(Context ctx) {
    int pageNumber = Math.max(1, parseInt(ctx.queryParam("page"), 1));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (EditionReports.Summary summary : parts.reports().recent(50, (pageNumber - 1) * 50)) {
      rows.add(summaryRow(summary));
    }
    List<Map<String, Object>> newsletters = new ArrayList<>();
    for (Newsletter newsletter : parts.newsletters().list()) {
      newsletters.add(Map.of("slug", newsletter.slug(), "name", newsletter.name()));
    }
    Map<String, Object> scope = page.scope(ctx, "Editions", "editions");
    scope.put("editions", rows);
    scope.put("newsletters", newsletters);
    scope.put("page", pageNumber);
    scope.put("nextPage", rows.size() == 50 ? pageNumber + 1 : null);
    scope.put("previousPage", pageNumber > 1 ? pageNumber - 1 : null);
    pages.render(ctx, 200, "admin/editions", scope);
  }

  static Map<String, Object> summaryRow(EditionReports.Summary summary) {
    Edition edition = summary.edition();
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", edition.id());
    row.put("subject", edition.subject());
    row.put("newsletter", summary.newsletterName());
    row.put("status", edition.status().value());
    row.put("reason", edition.statusReason());
    row.put("trigger", edition.triggerKind());
    row.put("recipients", edition.recipientCount());
    row.put("sent", summary.sent());
    row.put("failed", summary.failed());
    row.put("created", TIME.format(edition.createdAt()));
    return row;
  }

  private Newsletter newsletter(Context ctx) {
    return parts
        .newsletters()
        .findBySlug(ctx.pathParam("slug"))
        .orElseThrow(
            () ->
                new WebProblem(
                    404, "not_found", "There is no newsletter " + ctx.pathParam("slug") + "."));
  }

  private void preview(Context ctx) {
    Newsletter newsletter = newsletter(ctx);
    Map<String, Object> scope = page.scope(ctx, "Preview · " + newsletter.name(), "editions");
    scope.put("newsletterName", newsletter.name());
    scope.put("slug", newsletter.slug());
    Optional<Edition> next = parts.preview().next(newsletter, "");
    if (next.isPresent()) {
      EditionRenderer.PersonalContent content = personal(newsletter, next.get(), sample());
      scope.put("subject", next.get().subject());
      scope.put("articleCount", next.get().articleCount());
      scope.put("text", content.text());
      scope.put("from", sender(newsletter));
      scope.put("recipients", activeCount(newsletter));
    }
    scope.put("empty", next.isEmpty());
    pages.render(ctx, 200, "admin/preview", scope);
  }

  /** The HTML part alone, framed by the preview page; it may not run scripts of its own. */
  private void previewHtml(Context ctx) {
    Newsletter newsletter = newsletter(ctx);
    Optional<Edition> next = parts.preview().next(newsletter, "");
    ctx.header(
        "Content-Security-Policy",
        "default-src 'none'; img-src * data:; style-src 'unsafe-inline'; frame-ancestors 'self'");
    ctx.header("X-Content-Type-Options", "nosniff");
    if (next.isEmpty()) {
      ctx.status(404).contentType("text/plain; charset=utf-8").result("No article is waiting.");
      return;
    }
    ctx.html(personal(newsletter, next.get(), sample()).html());
  }

  private record Sample(long id, String email, String name) {}

  private static Sample sample() {
    return new Sample(0, "reader@example.com", "Reader");
  }

  private EditionRenderer.PersonalContent personal(
      Newsletter newsletter, Edition edition, Sample sample) {
    Recipient recipient =
        parts.messages().recipient(newsletter, edition, sample.id(), sample.email(), sample.name());
    return parts.renderer().personalizer(newsletter, edition).render(recipient);
  }

  private void testSend(Context ctx) {
    Newsletter newsletter = newsletter(ctx);
    String address = ctx.formParam("email") == null ? "" : ctx.formParam("email").trim();
    if (!EmailAddress.isValid(address)) {
      throw new WebProblem(
          422,
          "invalid",
          "'" + address + "' is not a valid email address for the test.",
          Map.of("email", "not a valid email address"));
    }
    Edition edition =
        parts
            .preview()
            .next(newsletter, "[Test] ")
            .orElseThrow(
                () ->
                    new WebProblem(
                        409, "empty", "No article is waiting: there is nothing to test."));
    Sample sample = new Sample(0, EmailAddress.normalize(address), null);
    Recipient recipient = parts.messages().recipient(newsletter, edition, 0, sample.email(), null);
    EditionRenderer.PersonalContent content =
        parts.renderer().personalizer(newsletter, edition).render(recipient);
    try {
      SendResult result =
          parts
              .sender()
              .send(
                  parts
                      .composer()
                      .compose(
                          newsletter, edition, recipient, content, "test", parts.clock().instant()),
                  newsletter.senderEmail(),
                  sample.email());
      if (result.kind() != SendResult.Kind.ACCEPTED) {
        throw new WebProblem(502, "refused", "The mail server refused the test: " + result.reply());
      }
    } catch (MailerUnavailableException e) {
      throw new WebProblem(503, "unavailable", "No mail server is reachable: " + e.getMessage());
    }
    ctx.redirect("/admin/newsletters/" + newsletter.slug() + "/preview?notice=test-sent");
  }

  private void confirmSend(Context ctx) {
    Newsletter newsletter = newsletter(ctx);
    Map<String, Object> scope = page.scope(ctx, "Send " + newsletter.name(), "editions");
    Optional<Edition> next = parts.preview().next(newsletter, "");
    scope.put("newsletterName", newsletter.name());
    scope.put("slug", newsletter.slug());
    scope.put("empty", next.isEmpty());
    next.ifPresent(
        edition -> {
          scope.put("subject", edition.subject());
          scope.put("articleCount", edition.articleCount());
        });
    scope.put("recipients", activeCount(newsletter));
    pages.render(ctx, 200, "admin/send", scope);
  }

  private void send(Context ctx) {
    Newsletter newsletter = newsletter(ctx);
    if (!"yes".equals(ctx.formParam("confirm"))) {
      throw new WebProblem(
          422,
          "invalid",
          "Tick the confirmation box to send.",
          Map.of("confirm", "must be confirmed"));
    }
    Edition edition =
        parts
            .planner()
            .plan(newsletter, EditionPlanner.Trigger.manual(AdminAuth.editor(ctx).email()));
    parts.wakeDelivery().run();
    ctx.redirect("/admin/editions/" + edition.id());
  }

  private Edition edition(Context ctx) {
    long id = Http.id(ctx.pathParam("id"), "edition");
    return parts
        .editions()
        .find(id)
        .orElseThrow(() -> new WebProblem(404, "not_found", "There is no edition " + id + "."));
  }

  private void show(Context ctx) {
    Edition edition = edition(ctx);
    Newsletter newsletter = parts.newsletters().byId(edition.newsletterId());
    Map<String, Object> scope = page.scope(ctx, "Edition " + edition.id(), "editions");
    scope.put("id", edition.id());
    scope.put("subject", edition.subject());
    scope.put("newsletterName", newsletter.name());
    scope.put("status", edition.status().value());
    scope.put("reason", edition.statusReason());
    scope.put("created", TIME.format(edition.createdAt()));
    scope.put("finished", edition.finishedAt() == null ? null : TIME.format(edition.finishedAt()));
    scope.put("trigger", edition.triggerKind());
    scope.put("triggeredBy", edition.triggeredBy());
    scope.put("articleCount", edition.articleCount());
    scope.put("progress", progress(edition));
    scope.put("canPause", edition.status() == Edition.Status.SENDING);
    scope.put("canResume", edition.status() == Edition.Status.PAUSED);
    scope.put("canCancel", !edition.status().isFinal());
    String filter = ctx.queryParam("status") == null ? "" : ctx.queryParam("status");
    if (!filter.matches("|queued|sending|retry|sent|failed|skipped")) {
      filter = "";
    }
    int pageNumber = Math.max(1, parseInt(ctx.queryParam("page"), 1));
    List<Map<String, Object>> log = new ArrayList<>();
    for (EditionReports.LogEntry entry :
        parts.reports().log(edition.id(), filter, LOG_PAGE, (pageNumber - 1) * LOG_PAGE)) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("email", entry.email());
      row.put("status", entry.status());
      row.put("attempts", entry.attempts());
      row.put("detail", entry.error() != null ? entry.error() : entry.reply());
      row.put("sentAt", entry.sentAt() == null ? "" : TIME.format(entry.sentAt()));
      log.add(row);
    }
    scope.put("log", log);
    scope.put("filter", filter);
    scope.put("filters", filters(filter));
    scope.put("nextPage", log.size() == LOG_PAGE ? pageNumber + 1 : null);
    scope.put("previousPage", pageNumber > 1 ? pageNumber - 1 : null);
    pages.render(ctx, 200, "admin/edition", scope);
  }

  private static List<Map<String, Object>> filters(String current) {
    List<Map<String, Object>> filters = new ArrayList<>();
    for (String status : List.of("", "sent", "failed", "retry", "queued", "skipped")) {
      filters.add(
          Map.of(
              "value",
              status,
              "label",
              status.isEmpty() ? "all" : status,
              "selected",
              status.equals(current)));
    }
    return filters;
  }

  /** Counts, rate and ETA of an edition, as shown and as polled. */
  Map<String, Object> progress(Edition edition) {
    Progress progress = parts.editions().progress(edition.id());
    double rate =
        edition.status() == Edition.Status.SENDING
            ? parts.reports().rate(edition.id(), edition.createdAt())
            : 0;
    long open = progress.open();
    long total = Math.max(1, progress.total());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", edition.id());
    body.put("status", edition.status().value());
    body.put("final", edition.status().isFinal());
    body.put("total", progress.total());
    body.put("sent", progress.sent());
    body.put("failed", progress.failed());
    body.put("skipped", progress.skipped());
    body.put("queued", open);
    body.put("retry", progress.retry());
    body.put("rate", Math.round(rate * 10) / 10.0);
    body.put("etaSeconds", rate > 0 && open > 0 ? Math.round(open / rate) : null);
    body.put("sentPercent", percent(progress.sent(), total));
    body.put("failedPercent", percent(progress.failed(), total));
    body.put("skippedPercent", percent(progress.skipped(), total));
    return body;
  }

  private static String percent(long part, long total) {
    return String.format(java.util.Locale.ROOT, "%.1f", 100.0 * part / total);
  }

  private void progressJson(Context ctx) {
    ctx.header("Cache-Control", "no-store");
    ctx.json(progress(edition(ctx)));
  }

  private void pause(Context ctx) {
    Edition edition = edition(ctx);
    boolean paused =
        parts
            .editions()
            .transition(
                edition.id(),
                Edition.Status.SENDING,
                Edition.Status.PAUSED,
                "paused by " + AdminAuth.editor(ctx).email(),
                null);
    if (!paused) {
      throw conflict(edition, "paused");
    }
    ctx.redirect("/admin/editions/" + edition.id() + "?notice=paused");
  }

  private void resume(Context ctx) {
    Edition edition = edition(ctx);
    if (!parts
        .editions()
        .transition(edition.id(), Edition.Status.PAUSED, Edition.Status.SENDING, null, null)) {
      throw conflict(edition, "resumed");
    }
    parts.wakeDelivery().run();
    ctx.redirect("/admin/editions/" + edition.id() + "?notice=resumed");
  }

  private void cancel(Context ctx) {
    Edition edition = edition(ctx);
    if (!parts
        .editions()
        .cancel(edition.id(), AdminAuth.editor(ctx).email(), parts.clock().instant())) {
      throw conflict(edition, "cancelled");
    }
    ctx.redirect("/admin/editions/" + edition.id() + "?notice=cancelled");
  }

  private void retry(Context ctx) {
    Edition edition = edition(ctx);
    int queued = parts.reports().retryFailed(edition.id(), AdminAuth.editor(ctx).email());
    if (queued > 0) {
      parts.wakeDelivery().run();
    }
    ctx.redirect(
        "/admin/editions/"
            + edition.id()
            + "?notice="
            + (queued > 0 ? "retried" : "nothing-to-retry"));
  }

  private static WebProblem conflict(Edition edition, String verb) {
    return new WebProblem(
        409,
        "conflict",
        "Edition "
            + edition.id()
            + " is "
            + edition.status().value()
            + " and cannot be "
            + verb
            + ".");
  }

  private long activeCount(Newsletter newsletter) {
    return parts.newsletters().activeSubscriberCounts().getOrDefault(newsletter.id(), 0L);
  }

  private static String sender(Newsletter newsletter) {
    return newsletter.senderName() == null
        ? newsletter.senderEmail()
        : newsletter.senderName() + " <" + newsletter.senderEmail() + ">";
  }

  static int parseInt(String raw, int fallback) {
    try {
      return raw == null ? fallback : Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
