package dev.tidings.web;

import dev.tidings.delivery.DigestMessages;
import dev.tidings.delivery.MessageComposer;
import dev.tidings.delivery.OneOffSender;
import dev.tidings.edition.Edition;
import dev.tidings.edition.EditionPlanner;
import dev.tidings.edition.EditionPreview;
import dev.tidings.edition.EditionRenderer;
import dev.tidings.edition.EditionReports;
import dev.tidings.edition.EditionStore;
import dev.tidings.edition.Progress;
import dev.tidings.newsletter.Newsletter;
import dev.tidings.newsletter.NewsletterStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The editors' edition pages: the list, one edition with live progress (polled as JSON by {@code
 * assets/admin.js}), pause, resume, cancel, the delivery log and "retry failed". The next edition's
 * preview and "Send now" are in {@link NextEditionAdmin}. Sending itself is the delivery engine's
 * job; these handlers only plan and change states, then wake the engine.
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
      java.util.function.Supplier<String> relayTrouble,
      Runnable wakeDelivery,
      Clock clock) {}

  private final Pages pages;
  private final AdminPage page;
  private final Parts parts;
  private final EditionControls controls;

  EditionAdmin(Pages pages, AdminPage page, Parts parts) {
    this.pages = pages;
    this.page = page;
    this.parts = parts;
    this.controls = new EditionControls(parts.editions(), parts.reports(), parts.clock());
  }

  void register(RoutesConfig routes) {
    routes.get("/admin/editions", this::list);
    routes.get("/admin/editions/{id}", this::show);
    routes.get("/admin/editions/{id}/progress", this::progressJson);
    routes.post("/admin/editions/{id}/pause", this::pause);
    routes.post("/admin/editions/{id}/resume", this::resume);
    routes.post("/admin/editions/{id}/cancel", this::cancel);
    routes.post("/admin/editions/{id}/retry", this::retry);
    new NextEditionAdmin(pages, page, parts).register(routes);
  }

  private void list(Context ctx) {
    int pageNumber = Params.page(ctx);
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

  private void show(Context ctx) {
    Edition edition = controls.edition(ctx);
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
    // While it can still send, say when no relay takes mail: its rows wait, counted against nobody.
    scope.put("relayProblem", edition.status().isFinal() ? null : parts.relayTrouble().get());
    String filter = ctx.queryParam("status") == null ? "" : ctx.queryParam("status");
    if (!filter.matches("|queued|sending|retry|sent|failed|skipped")) {
      filter = "";
    }
    int pageNumber = Params.page(ctx);
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
    ctx.json(progress(controls.edition(ctx)));
  }

  private void pause(Context ctx) {
    Edition edition = controls.edition(ctx);
    if (!controls.pause(edition, AdminAuth.editor(ctx).email())) {
      throw conflict(edition, "paused");
    }
    ctx.redirect("/admin/editions/" + edition.id() + "?notice=paused");
  }

  private void resume(Context ctx) {
    Edition edition = controls.edition(ctx);
    if (!controls.resume(edition)) {
      throw conflict(edition, "resumed");
    }
    parts.wakeDelivery().run();
    ctx.redirect("/admin/editions/" + edition.id() + "?notice=resumed");
  }

  private void cancel(Context ctx) {
    Edition edition = controls.edition(ctx);
    if (!controls.cancel(edition, AdminAuth.editor(ctx).email())) {
      throw conflict(edition, "cancelled");
    }
    ctx.redirect("/admin/editions/" + edition.id() + "?notice=cancelled");
  }

  private void retry(Context ctx) {
    Edition edition = controls.edition(ctx);
    int queued = controls.retryFailed(edition, AdminAuth.editor(ctx).email());
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
}
