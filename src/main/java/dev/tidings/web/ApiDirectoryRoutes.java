package dev.tidings.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.OneLine;
import dev.tidings.article.Article;
import dev.tidings.editor.ApiTokens;
import dev.tidings.editor.Editor;
import dev.tidings.newsletter.Newsletter;
import dev.tidings.subscriber.EmailAddress;
import dev.tidings.subscriber.Subscriber;
import dev.tidings.subscriber.SubscriberDirectory;
import dev.tidings.subscriber.SubscriberStore;
import dev.tidings.subscriber.Subscription;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/subscribers}, {@code /api/v1/articles} and {@code /api/v1/tokens}: search, add and
 * erase subscribers, search and hold articles, and (admins) manage API tokens.
 */
final class ApiDirectoryRoutes {
  private final ApiRoutes.Parts parts;

  ApiDirectoryRoutes(ApiRoutes.Parts parts) {
    this.parts = parts;
  }

  void register(RoutesConfig routes) {
    String prefix = ApiRoutes.PREFIX;
    routes.get(prefix + "/subscribers", this::subscribers);
    routes.post(prefix + "/subscribers", this::addSubscriber);
    routes.get(prefix + "/subscribers/{id}", this::subscriber);
    routes.delete(prefix + "/subscribers/{id}", this::eraseSubscriber);
    routes.get(prefix + "/articles", this::articles);
    routes.get(prefix + "/articles/{id}", this::article);
    routes.post(prefix + "/articles/{id}/hold", ctx -> hold(ctx, true));
    routes.post(prefix + "/articles/{id}/release", ctx -> hold(ctx, false));
    routes.get(prefix + "/tokens", this::tokens);
    routes.post(prefix + "/tokens", this::createToken);
    routes.delete(prefix + "/tokens/{id}", this::revokeToken);
  }

  private void subscribers(Context ctx) {
    Api.require(ctx, Editor.Role.EDITOR);
    String status = ctx.queryParam("status");
    if (status != null && !status.isEmpty() && !SubscriberDirectory.STATUSES.contains(status)) {
      throw WebProblem.invalid(
          Map.of("status", "must be one of " + String.join(", ", SubscriberDirectory.STATUSES)));
    }
    Api.Paging paging = Api.Paging.of(ctx);
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
    view.put("created_at", Api.text(subscriber.createdAt()));
    view.put("consent_at", Api.text(subscriber.consentAt()));
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
    long id = Params.id(ctx, "subscriber");
    return parts
        .subscribers()
        .findById(id)
        .orElseThrow(() -> new WebProblem(404, "not_found", "There is no subscriber " + id + "."));
  }

  private void subscriber(Context ctx) {
    Api.require(ctx, Editor.Role.EDITOR);
    ctx.json(subscriberView(subscriberOf(ctx), true));
  }

  private void addSubscriber(Context ctx) {
    Api.require(ctx, Editor.Role.EDITOR);
    JsonNode body = Api.body(ctx);
    Map<String, String> errors = new LinkedHashMap<>();
    String email = Api.text(body, "email");
    if (email == null || !EmailAddress.isValid(email)) {
      errors.put("email", "must be a valid email address");
    }
    String name = Api.text(body, "name");
    if (name != null && (name.length() > 200 || !OneLine.is(name))) {
      errors.put("name", "must be one line of at most 200 characters");
    }
    Newsletter newsletter = null;
    String slug = Api.text(body, "newsletter");
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
                new SubscriberStore.Consent("api", Api.who(ctx)));
    if (!outcome.suppressed().isEmpty()) {
      throw WebProblem.invalid(
          Map.of("email", "is on the suppression list (bounced, complained or erased)"));
    }
    ctx.status(outcome.added() == 1 ? 201 : 200)
        .json(subscriberView(parts.subscribers().byEmail(normalized), true));
  }

  private void eraseSubscriber(Context ctx) {
    Api.require(ctx, Editor.Role.ADMIN);
    Subscriber subscriber = subscriberOf(ctx);
    parts.directory().erase(subscriber.id(), Api.who(ctx));
    ctx.status(204);
  }

  private void articles(Context ctx) {
    Api.require(ctx, Editor.Role.EDITOR);
    String status = ctx.queryParam("status");
    if (status != null && !status.matches("|published|held")) {
      throw WebProblem.invalid(Map.of("status", "must be published or held"));
    }
    Api.Paging paging = Api.Paging.of(ctx);
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
    view.put("published_at", Api.text(article.publishedAt()));
    view.put("ingested_at", Api.text(article.ingestedAt()));
    if (body) {
      view.put("body_html", article.bodyHtml());
      view.put("body_text", article.bodyText());
    }
    return view;
  }

  private Article articleOf(Context ctx) {
    long id = Params.id(ctx, "article");
    return parts
        .articles()
        .find(id)
        .orElseThrow(() -> new WebProblem(404, "not_found", "There is no article " + id + "."));
  }

  private void article(Context ctx) {
    Api.require(ctx, Editor.Role.EDITOR);
    ctx.json(articleView(articleOf(ctx), true));
  }

  private void hold(Context ctx, boolean held) {
    Api.require(ctx, Editor.Role.EDITOR);
    Article article = articleOf(ctx);
    parts.articles().hold(article.id(), held);
    ctx.json(articleView(parts.articles().find(article.id()).orElseThrow(), false));
  }

  private void tokens(Context ctx) {
    Api.require(ctx, Editor.Role.ADMIN);
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
    view.put("created_at", Api.text(token.createdAt()));
    view.put("last_used_at", Api.text(token.lastUsedAt()));
    view.put("revoked_at", Api.text(token.revokedAt()));
    return view;
  }

  private void createToken(Context ctx) {
    Api.require(ctx, Editor.Role.ADMIN);
    JsonNode body = Api.body(ctx);
    Map<String, String> errors = new LinkedHashMap<>();
    String name = Api.text(body, "name");
    if (name == null || name.isBlank() || name.length() > 100) {
      errors.put("name", "is required, 1 to 100 characters");
    }
    String role = Api.text(body, "role") == null ? "editor" : Api.text(body, "role");
    if (!role.equals("editor") && !role.equals("admin")) {
      errors.put("role", "must be editor or admin");
    }
    if (!errors.isEmpty()) {
      throw WebProblem.invalid(errors);
    }
    ApiTokens.Created created = parts.tokens().create(name, Editor.Role.of(role), Api.who(ctx));
    Map<String, Object> view = tokenView(created.token());
    view.put("token", created.secret());
    ctx.status(201).json(view);
  }

  private void revokeToken(Context ctx) {
    Api.require(ctx, Editor.Role.ADMIN);
    long id = Params.id(ctx, "token");
    if (!parts.tokens().revoke(id)) {
      throw new WebProblem(404, "not_found", "There is no live token " + id + ".");
    }
    ctx.status(204);
  }
}
