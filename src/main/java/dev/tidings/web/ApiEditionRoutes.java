package dev.tidings.web;

import dev.tidings.edition.Edition;
import dev.tidings.edition.EditionPlanner;
import dev.tidings.edition.EditionReports;
import dev.tidings.editor.Editor;
import dev.tidings.newsletter.Newsletter;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/newsletters} and {@code /api/v1/editions}: newsletters with their next sends,
 * "send now", editions with progress and delivery log, pause, resume, cancel and retry.
 */
final class ApiEditionRoutes {
  private final ApiRoutes.Parts parts;
  private final EditionControls controls;

  ApiEditionRoutes(ApiRoutes.Parts parts) {
    this.parts = parts;
    this.controls = new EditionControls(parts.editions(), parts.reports(), parts.clock());
  }

  void register(RoutesConfig routes) {
    String prefix = ApiRoutes.PREFIX;
    routes.get(prefix + "/newsletters", this::newsletters);
    routes.get(prefix + "/newsletters/{slug}", this::newsletter);
    routes.post(prefix + "/newsletters/{slug}/editions", this::sendNow);
    routes.get(prefix + "/editions", this::editions);
    routes.get(prefix + "/editions/{id}", this::edition);
    routes.get(prefix + "/editions/{id}/deliveries", this::deliveries);
    routes.post(prefix + "/editions/{id}/pause", ctx -> transition(ctx, "pause"));
    routes.post(prefix + "/editions/{id}/resume", ctx -> transition(ctx, "resume"));
    routes.post(prefix + "/editions/{id}/cancel", ctx -> transition(ctx, "cancel"));
    routes.post(prefix + "/editions/{id}/retry", ctx -> transition(ctx, "retry"));
  }

  private void newsletters(Context ctx) {
    Api.require(ctx, Editor.Role.EDITOR);
    Map<Long, Long> active = parts.newsletters().activeSubscriberCounts();
    List<Object> data = new ArrayList<>();
    for (Newsletter newsletter : parts.newsletters().list()) {
      data.add(newsletterView(newsletter, active.getOrDefault(newsletter.id(), 0L), 1));
    }
    ctx.json(Map.of("data", data));
  }

  private void newsletter(Context ctx) {
    Api.require(ctx, Editor.Role.EDITOR);
    Newsletter newsletter = newsletterOf(ctx);
    long active = parts.newsletters().activeSubscriberCounts().getOrDefault(newsletter.id(), 0L);
    ctx.json(newsletterView(newsletter, active, 5));
  }

  private Map<String, Object> newsletterView(Newsletter newsletter, long active, int nextCount) {
    return newsletter.view(active, parts.clock().instant(), nextCount);
  }

  private Newsletter newsletterOf(Context ctx) {
    String slug = ctx.pathParam("slug");
    return parts
        .newsletters()
        .findBySlug(slug)
        .orElseThrow(
            () -> new WebProblem(404, "not_found", "There is no newsletter " + slug + "."));
  }

  private void sendNow(Context ctx) {
    Api.require(ctx, Editor.Role.EDITOR);
    Newsletter newsletter = newsletterOf(ctx);
    Edition edition = parts.planner().plan(newsletter, EditionPlanner.Trigger.manual(Api.who(ctx)));
    parts.wakeDelivery().run();
    ctx.status(201).json(editionView(edition));
  }

  private void editions(Context ctx) {
    Api.require(ctx, Editor.Role.EDITOR);
    Api.Paging paging = Api.Paging.of(ctx);
    List<Object> data = new ArrayList<>();
    for (EditionReports.Summary summary :
        parts.reports().recent(paging.perPage(), paging.offset())) {
      Map<String, Object> view = editionView(summary.edition());
      view.put("newsletter", summary.newsletterSlug());
      view.put("sent", summary.sent());
      view.put("failed", summary.failed());
      data.add(view);
    }
    ctx.json(paging.wrap(data, parts.reports().count()));
  }

  private void edition(Context ctx) {
    Api.require(ctx, Editor.Role.EDITOR);
    Edition edition = controls.edition(ctx);
    Map<String, Object> view = editionView(edition);
    view.put("progress", parts.progress().progress(edition));
    ctx.json(view);
  }

  private static Map<String, Object> editionView(Edition edition) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", edition.id());
    view.put("newsletter_id", edition.newsletterId());
    view.put("subject", edition.subject());
    view.put("status", edition.status().value());
    view.put("status_reason", edition.statusReason());
    view.put("trigger", edition.triggerKind());
    view.put("triggered_by", edition.triggeredBy());
    view.put("article_count", edition.articleCount());
    view.put("recipient_count", edition.recipientCount());
    view.put("created_at", Api.text(edition.createdAt()));
    view.put("finished_at", Api.text(edition.finishedAt()));
    return view;
  }

  private void deliveries(Context ctx) {
    Api.require(ctx, Editor.Role.EDITOR);
    Edition edition = controls.edition(ctx);
    String status = ctx.queryParam("status") == null ? "" : ctx.queryParam("status");
    if (!status.matches("|queued|sending|retry|sent|failed|skipped")) {
      throw WebProblem.invalid(
          Map.of("status", "must be one of queued, sending, retry, sent, failed, skipped"));
    }
    Api.Paging paging = Api.Paging.of(ctx);
    List<Object> data = new ArrayList<>();
    for (EditionReports.LogEntry entry :
        parts.reports().log(edition.id(), status, paging.perPage(), paging.offset())) {
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("id", entry.id());
      view.put("email", entry.email());
      view.put("status", entry.status());
      view.put("attempts", entry.attempts());
      view.put("error", entry.error());
      view.put("reply", entry.reply());
      view.put("sent_at", Api.text(entry.sentAt()));
      data.add(view);
    }
    ctx.json(Map.of("data", data, "page", paging.page(), "per_page", paging.perPage()));
  }

  private void transition(Context ctx, String action) {
    Api.require(ctx, Editor.Role.EDITOR);
    Edition edition = controls.edition(ctx);
    Integer retried = null;
    boolean done;
    switch (action) {
      case "pause":
        done = controls.pause(edition, Api.who(ctx));
        break;
      case "resume":
        done = controls.resume(edition);
        break;
      case "cancel":
        done = controls.cancel(edition, Api.who(ctx));
        break;
      default:
        retried = controls.retryFailed(edition, Api.who(ctx));
        done = true;
        break;
    }
    if (!done) {
      throw new WebProblem(
          409,
          "conflict",
          "Edition "
              + edition.id()
              + " is "
              + edition.status().value()
              + ": cannot "
              + action
              + ".");
    }
    parts.wakeDelivery().run();
    Map<String, Object> view = editionView(parts.editions().byId(edition.id()));
    if (retried != null) {
      view.put("retried", retried);
    }
    ctx.json(view);
  }
}
