package dev.tidings.web;

import dev.tidings.InvalidInputException;
import dev.tidings.app.Durations;
import dev.tidings.newsletter.CronSpec;
import dev.tidings.newsletter.Newsletter;
import dev.tidings.newsletter.NewsletterDraft;
import dev.tidings.newsletter.NewsletterStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The editors' newsletter pages: list, create and edit the schedule (cron, with the next five send
 * times shown in the newsletter's zone, also live while typing), sender, template set and article
 * limits; and the sign-up form snippet to paste into the operator's own site. A saved change is
 * applied to the running schedules at once.
 */
final class NewsletterAdmin {
  private final Pages pages;
  private final AdminPage page;
  private final NewsletterStore newsletters;
  private final Path templatesRoot;
  private final String baseUrl;
  private final Runnable syncSchedules;
  private final Clock clock;

  NewsletterAdmin(
      Pages pages,
      AdminPage page,
      NewsletterStore newsletters,
      Path templatesRoot,
      String baseUrl,
      Runnable syncSchedules,
      Clock clock) {
    this.pages = pages;
    this.page = page;
    this.newsletters = newsletters;
    this.templatesRoot = templatesRoot;
    this.baseUrl = baseUrl;
    this.syncSchedules = syncSchedules;
    this.clock = clock;
  }

  void register(RoutesConfig routes) {
    routes.get("/admin/newsletters", this::list);
    routes.get("/admin/newsletters/new", ctx -> form(ctx, 200, null, Map.of(), null));
    routes.get("/admin/newsletters/schedule", this::schedulePreview);
    routes.post("/admin/newsletters", this::create);
    routes.get("/admin/newsletters/{slug}", this::edit);
    routes.post("/admin/newsletters/{slug}", this::update);
  }

  private void list(Context ctx) {
    Map<Long, Long> active = newsletters.activeSubscriberCounts();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Newsletter newsletter : newsletters.list()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("slug", newsletter.slug());
      row.put("name", newsletter.name());
      row.put("cron", newsletter.cron().text());
      row.put("zone", newsletter.zone().getId());
      row.put("enabled", newsletter.enabled());
      row.put("subscribers", active.getOrDefault(newsletter.id(), 0L));
      List<String> next = nextTimes(newsletter.cron(), newsletter.zone(), 1);
      row.put("next", newsletter.enabled() && !next.isEmpty() ? next.get(0) : null);
      rows.add(row);
    }
    Map<String, Object> scope = page.scope(ctx, "Newsletters", "newsletters");
    scope.put("newsletters", rows);
    scope.put("snippet", snippet(newsletters.list()));
    pages.render(ctx, 200, "admin/newsletters", scope);
  }

  /** The sign-up form to paste elsewhere: it posts to /subscribe (no CSRF token, by design). */
  private String snippet(List<Newsletter> all) {
    StringBuilder html = new StringBuilder();
    html.append("<form method=\"post\" action=\"").append(baseUrl).append("/subscribe\">\n");
    html.append("  <input type=\"hidden\" name=\"form\" value=\"embed\">\n");
    html.append(
        "  <input type=\"email\" name=\"email\" placeholder=\"you@example.com\" required>\n");
    html.append("  <input type=\"text\" name=\"name\" placeholder=\"Your name (optional)\">\n");
    for (Newsletter newsletter : all) {
      if (newsletter.enabled()) {
        html.append("  <label><input type=\"checkbox\" name=\"newsletter\" value=\"")
            .append(newsletter.slug())
            .append("\" checked> ")
            .append(newsletter.name().replace("&", "&amp;").replace("<", "&lt;"))
            .append("</label>\n");
      }
    }
    html.append(
        "  <div style=\"position:absolute;left:-10000px\" aria-hidden=\"true\"><input type=\"text\""
            + " name=\"website\" tabindex=\"-1\" autocomplete=\"off\"></div>\n");
    html.append("  <button type=\"submit\">Subscribe</button>\n</form>\n");
    return html.toString();
  }

  private void form(
      Context ctx, int status, Newsletter newsletter, Map<String, String> values, String error)
      throws IOException {
    Map<String, Object> scope =
        page.scope(ctx, newsletter == null ? "New newsletter" : newsletter.name(), "newsletters");
    scope.put("isNew", newsletter == null);
    scope.put("error", error);
    scope.put(
        "action",
        newsletter == null ? "/admin/newsletters" : "/admin/newsletters/" + newsletter.slug());
    scope.put("heading", newsletter == null ? "New newsletter" : newsletter.name());
    Map<String, String> shown = new LinkedHashMap<>(current(newsletter));
    shown.putAll(values);
    for (Map.Entry<String, String> field : shown.entrySet()) {
      scope.put("f_" + field.getKey(), field.getValue());
    }
    scope.put("enabledChecked", !"".equals(shown.get("enabled")));
    List<Map<String, Object>> sets = new ArrayList<>();
    for (String set : templateSets()) {
      sets.add(Map.of("name", set, "selected", set.equals(shown.get("template"))));
    }
    scope.put("templateSets", sets);
    scope.put("nextTimes", safeNextTimes(shown.get("cron"), shown.get("zone")));
    if (newsletter != null) {
      scope.put("slug", newsletter.slug());
    }
    pages.render(ctx, status, "admin/newsletter-form", scope);
  }

  private static Map<String, String> current(Newsletter newsletter) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("slug", newsletter == null ? "" : newsletter.slug());
    values.put("name", newsletter == null ? "" : newsletter.name());
    values.put("cron", newsletter == null ? "0 8 * * 1" : newsletter.cron().text());
    values.put("zone", newsletter == null ? "UTC" : newsletter.zone().getId());
    values.put("from", newsletter == null ? "" : newsletter.senderEmail());
    values.put(
        "from_name",
        newsletter == null || newsletter.senderName() == null ? "" : newsletter.senderName());
    values.put(
        "reply_to", newsletter == null || newsletter.replyTo() == null ? "" : newsletter.replyTo());
    values.put(
        "subject", newsletter == null ? Newsletter.DEFAULT_SUBJECT : newsletter.subjectTemplate());
    values.put(
        "template",
        newsletter == null ? Newsletter.DEFAULT_TEMPLATE_SET : newsletter.templateSet());
    values.put(
        "min",
        String.valueOf(
            newsletter == null ? Newsletter.DEFAULT_MIN_ARTICLES : newsletter.minArticles()));
    values.put(
        "max",
        String.valueOf(
            newsletter == null ? Newsletter.DEFAULT_MAX_ARTICLES : newsletter.maxArticles()));
    values.put(
        "max_age",
        newsletter == null
            ? "7d"
            : newsletter.maxArticleAge().toHours() % 24 == 0
                ? newsletter.maxArticleAge().toDays() + "d"
                : newsletter.maxArticleAge().toHours() + "h");
    values.put("enabled", newsletter == null || newsletter.enabled() ? "yes" : "");
    return values;
  }

  private List<String> templateSets() throws IOException {
    Path digest = templatesRoot.resolve("digest");
    if (!Files.isDirectory(digest)) {
      return List.of(Newsletter.DEFAULT_TEMPLATE_SET);
    }
    try (Stream<Path> folders = Files.list(digest)) {
      return folders
          .filter(Files::isDirectory)
          .map(path -> path.getFileName().toString())
          .sorted()
          .toList();
    }
  }

  private List<String> nextTimes(CronSpec cron, ZoneId zone, int count) {
    List<String> times = new ArrayList<>();
    for (Instant time : cron.nextFireTimes(clock.instant(), zone, count)) {
      times.add(DashboardAdmin.ZONED.format(time.atZone(zone)));
    }
    return times;
  }

  /** The next five times, or the problem with the schedule as a single entry. */
  private Map<String, Object> safeNextTimes(String cron, String zone) {
    try {
      ZoneId id = ZoneId.of(zone == null || zone.isBlank() ? "UTC" : zone.trim());
      return Map.of("times", nextTimes(CronSpec.parse(cron), id, 5));
    } catch (InvalidInputException | DateTimeException e) {
      return Map.of("problem", e.getMessage());
    }
  }

  /** The next five send times of a schedule being typed, as JSON for the form's live preview. */
  private void schedulePreview(Context ctx) {
    ctx.header("Cache-Control", "no-store");
    ctx.json(safeNextTimes(ctx.queryParam("cron"), ctx.queryParam("zone")));
  }

  private static Map<String, String> values(Context ctx) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String field :
        List.of(
            "slug",
            "name",
            "cron",
            "zone",
            "from",
            "from_name",
            "reply_to",
            "subject",
            "template",
            "min",
            "max",
            "max_age",
            "enabled")) {
      String value = ctx.formParam(field);
      values.put(field, value == null ? "" : value.trim());
    }
    return values;
  }

  private static NewsletterDraft draft(Map<String, String> values, String slug) {
    Duration age;
    try {
      age = Durations.parse(values.get("max_age").isEmpty() ? "7d" : values.get("max_age"));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("max_age", "Maximum article age: " + e.getMessage());
    }
    return new NewsletterDraft(
        slug,
        values.get("name"),
        values.get("cron"),
        values.get("zone"),
        values.get("from"),
        values.get("from_name"),
        values.get("reply_to"),
        values.get("subject"),
        values.get("template").isEmpty() ? null : values.get("template"),
        number(values.get("min"), "min"),
        number(values.get("max"), "max"),
        age,
        "yes".equals(values.get("enabled")));
  }

  private static Integer number(String value, String field) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new InvalidInputException(field, "'" + value + "' is not a whole number");
    }
  }

  private void create(Context ctx) throws IOException {
    Map<String, String> values = values(ctx);
    try {
      Newsletter created = newsletters.add(draft(values, values.get("slug")));
      syncSchedules.run();
      ctx.redirect("/admin/newsletters/" + created.slug() + "?notice=created");
    } catch (InvalidInputException e) {
      form(ctx, 422, null, values, e.getMessage());
    }
  }

  private Newsletter newsletter(Context ctx) {
    String slug = ctx.pathParam("slug");
    return newsletters
        .findBySlug(slug)
        .orElseThrow(
            () -> new WebProblem(404, "not_found", "There is no newsletter " + slug + "."));
  }

  private void edit(Context ctx) throws IOException {
    form(ctx, 200, newsletter(ctx), Map.of(), null);
  }

  private void update(Context ctx) throws IOException {
    Newsletter newsletter = newsletter(ctx);
    Map<String, String> values = values(ctx);
    values.remove("slug");
    try {
      newsletters.update(newsletter.id(), draft(values, newsletter.slug()));
      syncSchedules.run();
      ctx.redirect("/admin/newsletters/" + newsletter.slug() + "?notice=saved");
    } catch (InvalidInputException e) {
      form(ctx, 422, newsletter, values, e.getMessage());
    }
  }
}
