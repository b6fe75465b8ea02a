package dev.tidings.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidings.article.Article;
import dev.tidings.article.ArticleCatalog;
import dev.tidings.edition.Edition;
import dev.tidings.edition.EditionPlanner;
import dev.tidings.edition.EditionReports;
import dev.tidings.edition.EditionStore;
import dev.tidings.editor.ApiTokens;
import dev.tidings.editor.Editor;
import dev.tidings.newsletter.Newsletter;
import dev.tidings.newsletter.NewsletterStore;
import dev.tidings.subscriber.EmailAddress;
import dev.tidings.subscriber.Subscriber;
import dev.tidings.subscriber.SubscriberDirectory;
import dev.tidings.subscriber.SubscriberStore;
import dev.tidings.subscriber.Subscription;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The REST API under {@code /api/v1}: bearer tokens (see {@link ApiTokens}) checked by one {@code
 * before} handler for every path below it, JSON errors naming the fields at fault, pages of {@code
 * page}/{@code per_page}, and its OpenAPI description at {@code /api/v1/openapi.json} (public).
 * Anonymous calls get 401, a token without the needed role 403.
 */
final class ApiRoutes {
  static final String PREFIX = "/api/v1";
  private static final String ROLE = "apiRole";
  private static final String TOKEN_NAME = "apiTokenName";
  private static final int MAX_PER_PAGE = 200;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the API reads and changes. */
  record Parts(
      ApiTokens tokens,
      NewsletterStore newsletters,
      EditionStore editions,
      EditionReports reports,
      EditionPlanner planner,
      SubscriberStore subscribers,
      SubscriberDirectory directory,
      ArticleCatalog articles,
      EditionAdmin progress,
      Runnable wakeDelivery,
      Clock clock) {}

  private final Parts parts;

  ApiRoutes(Parts parts) {
    this.parts = parts;
  }

  void register(RoutesConfig routes) {
    routes.before(PREFIX + "/*", this::authenticate);
    routes.get(PREFIX + "/openapi.json", ApiRoutes::openApi);
    routes.get(PREFIX + "/newsletters", this::newsletters);
    routes.get(PREFIX + "/newsletters/{slug}", this::newsletter);
    routes.post(PREFIX + "/newsletters/{slug}/editions", this::sendNow);
    routes.get(PREFIX + "/editions", this::editions);
    routes.get(PREFIX + "/editions/{id}", this::edition);
    routes.get(PREFIX + "/editions/{id}/deliveries", this::deliveries);
    routes.post(PREFIX + "/editions/{id}/pause", ctx -> transition(ctx, "pause"));
    routes.post(PREFIX + "/editions/{id}/resume", ctx -> transition(ctx, "resume"));
    routes.post(PREFIX + "/editions/{id}/cancel", ctx -> transition(ctx, "cancel"));
    routes.post(PREFIX + "/editions/{id}/retry", ctx -> transition(ctx, "retry"));
    routes.get(PREFIX + "/subscribers", this::subscribers);
    routes.post(PREFIX + "/subscribers", this::addSubscriber);
    routes.get(PREFIX + "/subscribers/{id}", this::subscriber);
    routes.delete(PREFIX + "/subscribers/{id}", this::eraseSubscriber);
    routes.get(PREFIX + "/articles", this::articles);
    routes.get(PREFIX + "/articles/{id}", this::article);
    routes.post(PREFIX + "/articles/{id}/hold", ctx -> hold(ctx, true));
    routes.post(PREFIX + "/articles/{id}/release", ctx -> hold(ctx, false));
    routes.get(PREFIX + "/tokens", this::tokens);
    routes.post(PREFIX + "/tokens", this::createToken);
    routes.delete(PREFIX + "/tokens/{id}", this::revokeToken);
  }

  private void authenticate(Context ctx) {
    if (ctx.path().equals(PREFIX + "/openapi.json")) {
      return;
    }
    String header = ctx.header("Authorization");
    String secret =
        header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
            ? header.substring(7).trim()
            : null;
    ApiTokens.ApiToken token = parts.tokens().authenticate(secret).orElse(null);
    if (token == null) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"tidings\"");
      throw new WebProblem(
          401,
          "unauthorized",
          secret == null
              ? "Send an API token: Authorization: Bearer tid_..."
              : "The API token is unknown or revoked.");
    }
    ctx.attribute(ROLE, token.role());
    ctx.attribute(TOKEN_NAME, token.name());
  }

  private static void require(Context ctx, Editor.Role needed) {
    Editor.Role role = ctx.attribute(ROLE);
    if (role == null || !role.covers(needed)) {
      throw new WebProblem(
          403, "forbidden", "This needs a token with the " + needed.value() + " role.");
    }
  }

  private static String who(Context ctx) {
    return "api:" + ctx.attribute(TOKEN_NAME);
  }

  private static void openApi(Context ctx) throws IOException {
    try (InputStream in = ApiRoutes.class.getResourceAsStream("/openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing from the jar");
      }
      ctx.contentType("application/json")
          .result(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  // --- newsletters and editions ---

  private void newsletters(Context ctx) {
    require(ctx, Editor.Role.EDITOR);
    Map<Long, Long> active = parts.newsletters().activeSubscriberCounts();
    List<Object> data = new ArrayList<>();
    for (Newsletter newsletter : parts.newsletters().list()) {
      data.add(newsletterView(newsletter, active.getOrDefault(newsletter.id(), 0L), 1));
    }
    ctx.json(Map.of("data", data));
  }

  private void newsletter(Context ctx) {
    require(ctx, Editor.Role.EDITOR);
    Newsletter newsletter = newsletterOf(ctx);
    long active = parts.newsletters().activeSubscriberCounts().getOrDefault(newsletter.id(), 0L);
    ctx.json(newsletterView(newsletter, active, 5));
  }

  private Map<String, Object> newsletterView(Newsletter newsletter, long active, int nextCount) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", newsletter.id());
    view.put("slug", newsletter.slug());
    view.put("name", newsletter.name());
    view.put("cron", newsletter.cron().text());
    view.put("zone", newsletter.zone().getId());
    view.put("sender_email", newsletter.senderEmail());
    view.put("sender_name", newsletter.senderName());
    view.put("template_set", newsletter.templateSet());
    view.put("min_articles", newsletter.minArticles());
    view.put("max_articles", newsletter.maxArticles());
    view.put("enabled", newsletter.enabled());
    view.put("active_subscribers", active);
    List<String> next = new ArrayList<>();
    if (newsletter.enabled()) {
      for (Instant time :
          newsletter.cron().nextFireTimes(parts.clock().instant(), newsletter.zone(), nextCount)) {
        next.add(time.atZone(newsletter.zone()).toOffsetDateTime().toString());
      }
    }
    view.put("next_sends", next);
    return view;
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
    require(ctx, Editor.Role.EDITOR);
    Newsletter newsletter = newsletterOf(ctx);
    Edition edition = parts.planner().plan(newsletter, EditionPlanner.Trigger.manual(who(ctx)));
    parts.wakeDelivery().run();
    ctx.status(201).json(editionView(edition));
  }

  private void editions(Context ctx) {
    require(ctx, Editor.Role.EDITOR);
    Paging paging = Paging.of(ctx);
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

  private Edition editionOf(Context ctx) {
    long id = Http.id(ctx.pathParam("id"), "edition");
    return parts
        .editions()
        .find(id)
        .orElseThrow(() -> new WebProblem(404, "not_found", "There is no edition " + id + "."));
  }

  private void edition(Context ctx) {
    require(ctx, Editor.Role.EDITOR);
    Edition edition = editionOf(ctx);
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
    view.put("created_at", text(edition.createdAt()));
    view.put("finished_at", text(edition.finishedAt()));
    return view;
  }

  private void deliveries(Context ctx) {
    require(ctx, Editor.Role.EDITOR);
    Edition edition = editionOf(ctx);
    String status = ctx.queryParam("status") == null ? "" : ctx.queryParam("status");
    if (!status.matches("|queued|sending|retry|sent|failed|skipped")) {
      throw WebProblem.invalid(
          Map.of("status", "must be one of queued, sending, retry, sent, failed, skipped"));
    }
    Paging paging = Paging.of(ctx);
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
      view.put("sent_at", text(entry.sentAt()));
      data.add(view);
    }
    ctx.json(Map.of("data", data, "page", paging.page(), "per_page", paging.perPage()));
  }

  private void transition(Context ctx, String action) {
    require(ctx, Editor.Role.EDITOR);
    Edition edition = editionOf(ctx);
    boolean done;
    switch (action) {
      case "pause":
        done =
            parts
                .editions()
                .transition(
                    edition.id(),
                    Edition.Status.SENDING,
                    Edition.Status.PAUSED,
                    "paused by " + who(ctx),
                    null);
        break;
      case "resume":
        done =
            parts
                .editions()
                .transition(
                    edition.id(), Edition.Status.PAUSED, Edition.Status.SENDING, null, null);
        break;
      case "cancel":
        done = parts.editions().cancel(edition.id(), who(ctx), parts.clock().instant());
        break;
      default:
        int queued = parts.reports().retryFailed(edition.id(), who(ctx));
        done = true;
        ctx.attribute("retried", queued);
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
    if (ctx.attribute("retried") != null) {
      view.put("retried", ctx.attribute("retried"));
    }
    ctx.json(view);
  }

  // --- subscribers ---

  private void subscribers(Context ctx) {
    require(ctx, Editor.Role.EDITOR);
    String status = ctx.queryParam("status");
    if (status != null && !status.isEmpty() && !SubscriberDirectory.STATUSES.contains(status)) {
      throw WebProblem.invalid(
          Map.of("status", "must be one of " + String.join(", ", SubscriberDirectory.STATUSES)));
    }
    Paging paging = Paging.of(ctx);
    String search = ctx.queryParam("search");
    List<Object> data = new ArrayList<>();
    for (Subscriber subscriber :
        parts.directory().search(search, status, paging.perPage(), paging.offset())) {
      data.add(subscriberView(subscriber, false));
    }
    ctx.json(paging.wrap(data, parts.directory().count(search, status)));
  }

  private Map<String, Object> subscriberView(Subscriber subscriber, boolean subscriptions) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", subscriber.id());
    view.put("email", subscriber.email());
    view.put("name", subscriber.name());
    view.put("status", subscriber.status().value());
    view.put("created_at", text(subscriber.createdAt()));
    view.put("consent_at", text(subscriber.consentAt()));
    view.put("consent_method", subscriber.consentMethod());
    view.put("consent_source", subscriber.consentSource());
    if (subscriptions) {
      List<Object> list = new ArrayList<>();
      for (Subscription subscription : parts.subscribers().subscriptions(subscriber.id())) {
        list.add(
            Map.of("newsletter", subscription.newsletterSlug(), "status", subscription.status()));
      }
      view.put("subscriptions", list);
    }
    return view;
  }

  private Subscriber subscriberOf(Context ctx) {
    long id = Http.id(ctx.pathParam("id"), "subscriber");
    return parts
        .subscribers()
        .findById(id)
        .orElseThrow(() -> new WebProblem(404, "not_found", "There is no subscriber " + id + "."));
  }

  private void subscriber(Context ctx) {
    require(ctx, Editor.Role.EDITOR);
    ctx.json(subscriberView(subscriberOf(ctx), true));
  }

  private void addSubscriber(Context ctx) {
    require(ctx, Editor.Role.EDITOR);
    JsonNode body = body(ctx);
    Map<String, String> errors = new LinkedHashMap<>();
    String email = text(body, "email");
    if (email == null || !EmailAddress.isValid(email)) {
      errors.put("email", "must be a valid email address");
    }
    String name = text(body, "name");
    if (name != null && (name.length() > 200 || name.chars().anyMatch(c -> c < 0x20))) {
      errors.put("name", "must be one line of at most 200 characters");
    }
    Newsletter newsletter = null;
    String slug = text(body, "newsletter");
    if (slug != null) {
      newsletter = parts.newsletters().findBySlug(slug).orElse(null);
      if (newsletter == null) {
        errors.put("newsletter", "no newsletter " + slug);
      }
    }
    JsonNode confirmed = body.get("confirmed");
    if (confirmed != null && !confirmed.isBoolean()) {
      errors.put("confirmed", "must be true or false");
    }
    if (!errors.isEmpty()) {
      throw WebProblem.invalid(errors);
    }
    String normalized = EmailAddress.normalize(email);
    SubscriberStore.Outcome outcome =
        parts
            .subscribers()
            .upsert(
                List.of(new SubscriberStore.Entry(normalized, name)),
                newsletter == null ? null : newsletter.id(),
                confirmed != null && confirmed.asBoolean(),
                new SubscriberStore.Consent("api", who(ctx)));
    if (!outcome.suppressed().isEmpty()) {
      throw WebProblem.invalid(
          Map.of("email", "is on the suppression list (bounced, complained or erased)"));
    }
    ctx.status(outcome.added() == 1 ? 201 : 200)
        .json(subscriberView(parts.subscribers().byEmail(normalized), true));
  }

  private void eraseSubscriber(Context ctx) {
    require(ctx, Editor.Role.ADMIN);
    Subscriber subscriber = subscriberOf(ctx);
    parts.directory().erase(subscriber.id(), who(ctx));
    ctx.status(204);
  }

  // --- articles ---

  private void articles(Context ctx) {
    require(ctx, Editor.Role.EDITOR);
    String status = ctx.queryParam("status");
    if (status != null && !status.matches("|published|held")) {
      throw WebProblem.invalid(Map.of("status", "must be published or held"));
    }
    Paging paging = Paging.of(ctx);
    String search = ctx.queryParam("search");
    List<Object> data = new ArrayList<>();
    for (Article article :
        parts.articles().search(search, status, paging.perPage(), paging.offset())) {
      data.add(articleView(article, false));
    }
    ctx.json(paging.wrap(data, parts.articles().count(search, status)));
  }

  private static Map<String, Object> articleView(Article article, boolean body) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", article.id());
    view.put("title", article.title());
    view.put("author", article.author());
    view.put("url", article.url());
    view.put("status", article.status());
    view.put("excerpt", article.excerpt());
    view.put("published_at", text(article.publishedAt()));
    view.put("ingested_at", text(article.ingestedAt()));
    if (body) {
      view.put("body_html", article.bodyHtml());
      view.put("body_text", article.bodyText());
    }
    return view;
  }

  private Article articleOf(Context ctx) {
    long id = Http.id(ctx.pathParam("id"), "article");
    return parts
        .articles()
        .find(id)
        .orElseThrow(() -> new WebProblem(404, "not_found", "There is no article " + id + "."));
  }

  private void article(Context ctx) {
    require(ctx, Editor.Role.EDITOR);
    ctx.json(articleView(articleOf(ctx), true));
  }

  private void hold(Context ctx, boolean held) {
    require(ctx, Editor.Role.EDITOR);
    Article article = articleOf(ctx);
    parts.articles().hold(article.id(), held);
    ctx.json(articleView(parts.articles().find(article.id()).orElseThrow(), false));
  }

  // --- tokens (admins) ---

  private void tokens(Context ctx) {
    require(ctx, Editor.Role.ADMIN);
    List<Object> data = new ArrayList<>();
    for (ApiTokens.ApiToken token : parts.tokens().list()) {
      data.add(tokenView(token));
    }
    ctx.json(Map.of("data", data));
  }

  static Map<String, Object> tokenView(ApiTokens.ApiToken token) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", token.id());
    view.put("name", token.name());
    view.put("prefix", token.prefix());
    view.put("role", token.role().value());
    view.put("created_by", token.createdBy());
    view.put("created_at", text(token.createdAt()));
    view.put("last_used_at", text(token.lastUsedAt()));
    view.put("revoked_at", text(token.revokedAt()));
    return view;
  }

  private void createToken(Context ctx) {
    require(ctx, Editor.Role.ADMIN);
    JsonNode body = body(ctx);
    Map<String, String> errors = new LinkedHashMap<>();
    String name = text(body, "name");
    if (name == null || name.isBlank() || name.length() > 100) {
      errors.put("name", "is required, 1 to 100 characters");
    }
    String role = text(body, "role") == null ? "editor" : text(body, "role");
    if (!role.equals("editor") && !role.equals("admin")) {
      errors.put("role", "must be editor or admin");
    }
    if (!errors.isEmpty()) {
      throw WebProblem.invalid(errors);
    }
    ApiTokens.Created created = parts.tokens().create(name, Editor.Role.of(role), who(ctx));
    Map<String, Object> view = tokenView(created.token());
    view.put("token", created.secret());
    ctx.status(201).json(view);
  }

  private void revokeToken(Context ctx) {
    require(ctx, Editor.Role.ADMIN);
    long id = Http.id(ctx.pathParam("id"), "token");
    if (!parts.tokens().revoke(id)) {
      throw new WebProblem(404, "not_found", "There is no live token " + id + ".");
    }
    ctx.status(204);
  }

  // --- helpers ---

  private static JsonNode body(Context ctx) {
    try {
      JsonNode body = JSON.readTree(ctx.body());
      if (body == null || !body.isObject()) {
        throw new WebProblem(400, "bad_json", "The body must be a JSON object.");
      }
      return body;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new WebProblem(
          400, "bad_json", "The body is not valid JSON: " + e.getOriginalMessage());
    }
  }

  private static String text(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw WebProblem.invalid(Map.of(field, "must be a string"));
    }
    return value.asText().trim();
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  /** {@code page} (from 1) and {@code per_page} (1 to 200, default 50) of a list request. */
  record Paging(int page, int perPage) {
    static Paging of(Context ctx) {
      Map<String, String> errors = new LinkedHashMap<>();
      int page = parse(ctx.queryParam("page"), 1, "page", 1, 1_000_000, errors);
      int perPage = parse(ctx.queryParam("per_page"), 50, "per_page", 1, MAX_PER_PAGE, errors);
      if (!errors.isEmpty()) {
        throw WebProblem.invalid(errors);
      }
      return new Paging(page, perPage);
    }

    private static int parse(
        String raw, int fallback, String name, int min, int max, Map<String, String> errors) {
      if (raw == null || raw.isEmpty()) {
        return fallback;
      }
      try {
        int value = Integer.parseInt(raw);
        if (value >= min && value <= max) {
          return value;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      errors.put(name, "must be a whole number from " + min + " to " + max);
      return fallback;
    }

    int offset() {
      return (page - 1) * perPage;
    }

    Map<String, Object> wrap(List<Object> data, long total) {
      Map<String, Object> page = new LinkedHashMap<>();
      page.put("data", data);
      page.put("page", this.page);
      page.put("per_page", perPage);
      page.put("total", total);
      return page;
    }
  }
}
