package dev.tidings.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidings.InvalidInputException;
import dev.tidings.article.Feed;
import dev.tidings.article.FeedPoller;
import dev.tidings.article.FeedStore;
import dev.tidings.editor.Editor;
import dev.tidings.newsletter.Newsletter;
import dev.tidings.newsletter.NewsletterStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Feeds, for editors in the browser ({@code /admin/feeds}) and for scripts ({@code /api/v1/feeds}):
 * add one, poll it now, pause and resume it, remove it, and see each feed's status ({@code active},
 * {@code failing}, {@code gone}, {@code paused}), its last result and its last error. Both sides
 * show a feed as {@link Feed#view()} and a poll as {@link FeedPoller.Result}. A poll from here runs
 * in the request, within {@code TIDINGS_FEED_TIMEOUT}.
 */
final class FeedRoutes {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  private final Pages pages;
  private final AdminPage page;
  private final FeedStore feeds;
  private final FeedPoller poller;
  private final NewsletterStore newsletters;

  FeedRoutes(
      Pages pages,
      AdminPage page,
      FeedStore feeds,
      FeedPoller poller,
      NewsletterStore newsletters) {
    this.pages = pages;
    this.page = page;
    this.feeds = feeds;
    this.poller = poller;
    this.newsletters = newsletters;
  }

  void register(RoutesConfig routes) {
    routes.get("/admin/feeds", ctx -> render(ctx, 200, null, null));
    routes.post("/admin/feeds", this::addPage);
    routes.post("/admin/feeds/{id}/poll", this::pollPage);
    routes.post("/admin/feeds/{id}/pause", ctx -> statusPage(ctx, "paused"));
    routes.post("/admin/feeds/{id}/resume", ctx -> statusPage(ctx, "active"));
    routes.post("/admin/feeds/{id}/remove", this::removePage);
    String api = "/api/v1/feeds";
    routes.get(api, this::list);
    routes.post(api, this::add);
    routes.get(api + "/{id}", ctx -> json(ctx, 200, feedOf(ctx)));
    routes.post(api + "/{id}/poll", this::poll);
    routes.post(api + "/{id}/pause", ctx -> setStatus(ctx, "paused"));
    routes.post(api + "/{id}/resume", ctx -> setStatus(ctx, "active"));
    routes.delete(api + "/{id}", this::remove);
  }

  private void render(Context ctx, int status, String flash, String error) {
    Map<String, String> names = new HashMap<>();
    List<Map<String, Object>> options = new ArrayList<>();
    for (Newsletter newsletter : newsletters.list()) {
      names.put(String.valueOf(newsletter.id()), newsletter.name());
      options.add(Map.of("slug", newsletter.slug(), "name", newsletter.name()));
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Feed feed : feeds.all()) {
      Map<String, Object> row = new HashMap<>(feed.view());
      row.put("name", feed.title() == null ? feed.url() : feed.title());
      row.put(
          "newsletter",
          feed.newsletterId() == null
              ? "every newsletter"
              : names.getOrDefault(String.valueOf(feed.newsletterId()), "?"));
      row.put("polled", feed.lastPolledAt() == null ? "never" : WHEN.format(feed.lastPolledAt()));
      row.put("paused", "paused".equals(feed.status()));
      // Mustache treats 0 as true: no "0 failures in a row".
      if (feed.consecutiveFailures() == 0) {
        row.remove("consecutive_failures");
      }
      rows.add(row);
    }
    Map<String, Object> scope = page.scope(ctx, "Feeds", "feeds");
    scope.put("feeds", rows);
    scope.put("newsletters", options);
    scope.put("flash", flash);
    scope.put("error", error);
    scope.put("url", ctx.formParam("url"));
    pages.render(ctx, status, "admin/feeds", scope);
  }

  private void addPage(Context ctx) {
    try {
      Feed feed = feeds.add(ctx.formParam("url"), newsletterId(ctx.formParam("newsletter")));
      render(ctx, 201, "Added " + feed.url() + ". Poll it now, or wait for the schedule.", null);
    } catch (InvalidInputException e) {
      render(ctx, 422, null, e.getMessage());
    }
  }

  private void pollPage(Context ctx) {
    FeedPoller.Result result = poller.poll(feedOf(ctx));
    if (result.error() != null) {
      render(ctx, 200, null, "Polled " + result.feed().url() + ": " + result.error());
    } else {
      render(ctx, 200, "Polled " + result.feed().url() + ": " + result.summary() + ".", null);
    }
  }

  private void statusPage(Context ctx, String status) {
    Feed feed = feeds.setStatus(feedOf(ctx).id(), status);
    render(
        ctx,
        200,
        ("paused".equals(status) ? "Paused " : "Resumed ")
            + feed.url()
            + ("paused".equals(status) ? ": the schedule leaves it." : ": it is due now."),
        null);
  }

  private void removePage(Context ctx) {
    Feed feed = feedOf(ctx);
    feeds.remove(feed.id());
    render(ctx, 200, "Removed " + feed.url() + ". Its articles stay.", null);
  }

  private void list(Context ctx) {
    Api.require(ctx, Editor.Role.EDITOR);
    List<Object> data = new ArrayList<>();
    feeds.all().forEach(feed -> data.add(feed.view()));
    ctx.json(Map.of("data", data));
  }

  private void add(Context ctx) {
    Api.require(ctx, Editor.Role.EDITOR);
    JsonNode body = Api.body(ctx);
    String url = Api.text(body, "url");
    if (url == null || url.isEmpty()) {
      throw WebProblem.invalid(Map.of("url", "a feed needs an http(s) URL"));
    }
    json(ctx, 201, feeds.add(url, newsletterId(Api.text(body, "newsletter"))));
  }

  private void poll(Context ctx) {
    Api.require(ctx, Editor.Role.EDITOR);
    FeedPoller.Result result = poller.poll(feedOf(ctx));
    Map<String, Object> view = new HashMap<>(result.view());
    view.put("feed", feeds.byId(result.feed().id()).view());
    ctx.json(view);
  }

  private void setStatus(Context ctx, String status) {
    Api.require(ctx, Editor.Role.EDITOR);
    json(ctx, 200, feeds.setStatus(feedOf(ctx).id(), status));
  }

  private void remove(Context ctx) {
    Api.require(ctx, Editor.Role.EDITOR);
    feeds.remove(feedOf(ctx).id());
    ctx.status(204);
  }

  private static void json(Context ctx, int status, Feed feed) {
    ctx.status(status).json(feed.view());
  }

  /** The feed the path names; 404 when there is none. */
  private Feed feedOf(Context ctx) {
    return feeds.byId(Params.id(ctx, "feed"));
  }

  /** The id of the newsletter a slug names; null (every newsletter) for none. */
  private Long newsletterId(String slug) {
    if (slug == null || slug.isBlank()) {
      return null;
    }
    try {
      return newsletters.bySlug(slug.strip()).id();
    } catch (dev.tidings.NotFoundException e) {
      throw new InvalidInputException("newsletter", "there is no newsletter '" + slug + "'");
    }
  }
}
