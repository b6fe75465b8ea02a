package dev.tidings.web;

import dev.tidings.InvalidInputException;
import dev.tidings.OneLine;
import dev.tidings.newsletter.Newsletter;
import dev.tidings.newsletter.NewsletterStore;
import dev.tidings.subscriber.EmailAddress;
import dev.tidings.subscriber.Subscriber;
import dev.tidings.subscriber.SubscriberDirectory;
import dev.tidings.subscriber.SubscriberExport;
import dev.tidings.subscriber.SubscriberImport;
import dev.tidings.subscriber.SubscriberStore;
import dev.tidings.subscriber.Subscription;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The editors' subscriber pages: list with search and status filter, add one, CSV import (bad rows
 * listed with their line, the good ones still imported) and export, and erase (admins): the
 * personal data goes, the address's hash stays suppressed.
 */
final class SubscriberAdmin {
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
  private static final int PAGE = 50;

  private final Pages pages;
  private final AdminPage page;
  private final SubscriberStore subscribers;
  private final SubscriberDirectory directory;
  private final SubscriberImport importer;
  private final NewsletterStore newsletters;

  SubscriberAdmin(
      Pages pages,
      AdminPage page,
      SubscriberStore subscribers,
      SubscriberDirectory directory,
      SubscriberImport importer,
      NewsletterStore newsletters) {
    this.pages = pages;
    this.page = page;
    this.subscribers = subscribers;
    this.directory = directory;
    this.importer = importer;
    this.newsletters = newsletters;
  }

  void register(RoutesConfig routes) {
    routes.get("/admin/subscribers", this::list);
    routes.post("/admin/subscribers", this::add);
    routes.post("/admin/subscribers/import", this::importCsv);
    routes.get("/admin/subscribers/export.csv", this::export);
    routes.get("/admin/subscribers/{id}", this::show);
    routes.post("/admin/subscribers/{id}/erase", this::erase);
  }

  private void list(Context ctx) {
    render(ctx, 200, null, null);
  }

  private void render(Context ctx, int status, String error, SubscriberImport.Report report) {
    String search = ctx.queryParam("q") == null ? "" : ctx.queryParam("q");
    String filter = ctx.queryParam("status") == null ? "" : ctx.queryParam("status");
    if (!filter.isEmpty() && !SubscriberDirectory.STATUSES.contains(filter)) {
      filter = "";
    }
    int pageNumber = Params.page(ctx);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Subscriber subscriber : directory.search(search, filter, PAGE, (pageNumber - 1) * PAGE)) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", subscriber.id());
      row.put("email", subscriber.email());
      row.put("name", subscriber.name());
      row.put("status", subscriber.status().value());
      row.put("created", DAY.format(subscriber.createdAt()));
      rows.add(row);
    }
    List<Map<String, Object>> statuses = new ArrayList<>();
    statuses.add(Map.of("value", "", "label", "all", "selected", filter.isEmpty()));
    for (String value : SubscriberDirectory.STATUSES) {
      statuses.add(Map.of("value", value, "label", value, "selected", value.equals(filter)));
    }
    Map<String, Object> scope = page.scope(ctx, "Subscribers", "subscribers");
    scope.put("subscribers", rows);
    scope.put("q", search);
    scope.put("statuses", statuses);
    scope.put("total", directory.count(search, filter));
    scope.put("newsletters", newsletterChoices());
    scope.put("error", error);
    if (report != null) {
      scope.put(
          "report",
          Map.of(
              "added", report.added(),
              "updated", report.updated(),
              "suppressed", report.suppressed(),
              "problems", report.problems(),
              "bad", !report.problems().isEmpty(),
              "repeated", report.repeated(),
              "repeatedCount", report.repeated().size()));
    }
    scope.put("nextPage", rows.size() == PAGE ? pageNumber + 1 : null);
    scope.put("previousPage", pageNumber > 1 ? pageNumber - 1 : null);
    scope.put(
        "query",
        "q=" + java.net.URLEncoder.encode(search, StandardCharsets.UTF_8) + "&status=" + filter);
    pages.render(ctx, status, "admin/subscribers", scope);
  }

  private List<Map<String, Object>> newsletterChoices() {
    List<Map<String, Object>> choices = new ArrayList<>();
    for (Newsletter newsletter : newsletters.list()) {
      choices.add(Map.of("slug", newsletter.slug(), "name", newsletter.name()));
    }
    return choices;
  }

  private Long newsletterId(Context ctx) {
    String slug = ctx.formParam("newsletter");
    if (slug == null || slug.isEmpty()) {
      return null;
    }
    return newsletters
        .findBySlug(slug)
        .orElseThrow(() -> new InvalidInputException("newsletter", "no newsletter " + slug))
        .id();
  }

  private void add(Context ctx) {
    String email = ctx.formParam("email") == null ? "" : ctx.formParam("email").trim();
    String name = ctx.formParam("name") == null ? "" : ctx.formParam("name").trim();
    try {
      if (!EmailAddress.isValid(email)) {
        throw new InvalidInputException("email", "'" + email + "' is not a valid email address.");
      }
      if (name.length() > 200 || !OneLine.is(name)) {
        throw new InvalidInputException("name", "A name is one line of at most 200 characters.");
      }
      SubscriberStore.Outcome outcome =
          subscribers.upsert(
              List.of(new SubscriberStore.Entry(EmailAddress.normalize(email), name)),
              newsletterId(ctx),
              "yes".equals(ctx.formParam("confirmed")),
              new SubscriberStore.Consent("admin", AdminAuth.editor(ctx).email()));
      if (!outcome.suppressed().isEmpty()) {
        throw new InvalidInputException(
            "email", email + " is on the suppression list (bounced, complained or erased).");
      }
    } catch (InvalidInputException e) {
      render(ctx, 422, e.getMessage(), null);
      return;
    }
    ctx.redirect(
        "/admin/subscribers/"
            + subscribers.byEmail(EmailAddress.normalize(email)).id()
            + "?notice=saved");
  }

  private void importCsv(Context ctx) throws IOException {
    UploadedFile upload = ctx.uploadedFile("file");
    if (upload == null || upload.size() == 0) {
      render(ctx, 422, "Choose a CSV file with an email column.", null);
      return;
    }
    Path file = Files.createTempFile("tidings-import-", ".csv");
    try {
      try (InputStream in = upload.content()) {
        Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      String shown = upload.filename() == null ? "the file" : OneLine.of(upload.filename());
      SubscriberImport.Report report =
          importer.run(
              file,
              shown,
              StandardCharsets.UTF_8,
              newsletterId(ctx),
              "yes".equals(ctx.formParam("confirmed")));
      render(ctx, 200, null, report);
    } catch (InvalidInputException e) {
      render(ctx, 422, e.getMessage(), null);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private void export(Context ctx) throws IOException {
    String slug = ctx.queryParam("newsletter");
    Long newsletterId =
        slug == null || slug.isEmpty()
            ? null
            : newsletters
                .findBySlug(slug)
                .orElseThrow(() -> new WebProblem(404, "not_found", "No newsletter " + slug + "."))
                .id();
    StringWriter out = new StringWriter();
    new SubscriberExport(subscribers).writeCsv(newsletterId, out);
    ctx.header(
        "Content-Disposition",
        "attachment; filename=\"subscribers" + (slug == null ? "" : "-" + slug) + ".csv\"");
    ctx.contentType("text/csv; charset=utf-8").result(out.toString());
  }

  private Subscriber subscriber(Context ctx) {
    long id = Params.id(ctx, "subscriber");
    return subscribers
        .findById(id)
        .orElseThrow(() -> new WebProblem(404, "not_found", "There is no subscriber " + id + "."));
  }

  private void show(Context ctx) {
    Subscriber subscriber = subscriber(ctx);
    Map<String, Object> scope = page.scope(ctx, subscriber.email(), "subscribers");
    scope.put("id", subscriber.id());
    scope.put("email", subscriber.email());
    scope.put("name", subscriber.name());
    scope.put("status", subscriber.status().value());
    scope.put("created", DAY.format(subscriber.createdAt()));
    scope.put(
        "consentAt", subscriber.consentAt() == null ? null : DAY.format(subscriber.consentAt()));
    scope.put("consentMethod", subscriber.consentMethod());
    scope.put("consentSource", subscriber.consentSource());
    List<Map<String, Object>> list = new ArrayList<>();
    for (Subscription subscription : subscribers.subscriptions(subscriber.id())) {
      list.add(Map.of("name", subscription.newsletterName(), "status", subscription.status()));
    }
    scope.put("subscriptions", list);
    pages.render(ctx, 200, "admin/subscriber", scope);
  }

  private void erase(Context ctx) {
    AdminAuth.requireAdmin(ctx);
    Subscriber subscriber = subscriber(ctx);
    directory.erase(subscriber.id(), AdminAuth.editor(ctx).email());
    ctx.redirect("/admin/subscribers?notice=erased");
  }
}
