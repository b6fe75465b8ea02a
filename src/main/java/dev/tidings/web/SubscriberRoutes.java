package dev.tidings.web;

import dev.tidings.OneLine;
import dev.tidings.newsletter.Newsletter;
import dev.tidings.newsletter.NewsletterStore;
import dev.tidings.subscriber.Links;
import dev.tidings.subscriber.Signups;
import dev.tidings.subscriber.Subscriber;
import dev.tidings.subscriber.SubscriberStore;
import dev.tidings.subscriber.Subscription;
import dev.tidings.subscriber.Tokens;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The subscriber's pages behind signed links: unsubscribe (GET shows, POST acts, also as RFC 8058
 * one-click with no cookie and no redirect) and preferences. A forged or altered token gets a 400
 * and changes nothing.
 */
final class SubscriberRoutes {
  private final Pages pages;
  private final Tokens tokens;
  private final Links links;
  private final SubscriberStore subscribers;
  private final NewsletterStore newsletters;
  private final Signups signups;
  private final Confirmations confirmations;
  private final boolean trustProxy;

  SubscriberRoutes(
      Pages pages,
      Links links,
      SubscriberStore subscribers,
      NewsletterStore newsletters,
      Signups signups,
      Confirmations confirmations,
      boolean trustProxy) {
    this.pages = pages;
    this.tokens = links.tokens();
    this.links = links;
    this.subscribers = subscribers;
    this.newsletters = newsletters;
    this.signups = signups;
    this.confirmations = confirmations;
    this.trustProxy = trustProxy;
  }

  void register(RoutesConfig routes) {
    routes.get("/unsubscribe/{token}", this::showUnsubscribe);
    routes.post("/unsubscribe/{token}", this::unsubscribe);
    routes.get("/preferences/{token}", this::showPreferences);
    routes.post("/preferences/{token}", this::savePreferences);
  }

  private void showUnsubscribe(Context ctx) {
    Optional<Target> target = target(ctx, Tokens.Purpose.UNSUBSCRIBE);
    if (target.isEmpty()) {
      return;
    }
    pages.render(ctx, 200, "unsubscribe", unsubscribeScope(ctx, target.get(), false));
  }

  private void unsubscribe(Context ctx) {
    Optional<Target> target = target(ctx, Tokens.Purpose.UNSUBSCRIBE);
    if (target.isEmpty()) {
      return;
    }
    boolean oneClick = "One-Click".equals(ctx.formParam("List-Unsubscribe"));
    long newsletterId = "all".equals(ctx.formParam("scope")) ? 0 : target.get().newsletterId();
    subscribers.unsubscribe(target.get().subscriber().id(), newsletterId);
    if (oneClick) {
      // RFC 8058: the mail client posts without cookies and shows nothing; answer plainly.
      ctx.status(200).contentType("text/plain; charset=utf-8").result("Unsubscribed.\n");
      return;
    }
    Target done =
        new Target(
            target.get().subscriber(),
            newsletterId,
            newsletterId == 0 ? null : target.get().newsletter());
    pages.render(ctx, 200, "unsubscribe", unsubscribeScope(ctx, done, true));
  }

  private Map<String, Object> unsubscribeScope(Context ctx, Target target, boolean done) {
    Map<String, Object> scope = new HashMap<>();
    scope.put("title", done ? "Unsubscribed" : "Unsubscribe");
    scope.put("email", mask(target.subscriber().email()));
    scope.put("newsletterName", target.newsletter() == null ? "" : target.newsletter().name());
    scope.put("action", ctx.path());
    scope.put("done", done);
    scope.put("preferencesUrl", links.preferences(target.subscriber().id()));
    return scope;
  }

  private void showPreferences(Context ctx) {
    Optional<Target> target = target(ctx, Tokens.Purpose.PREFERENCES);
    if (target.isPresent()) {
      pages.render(ctx, 200, "preferences", preferencesScope(ctx, target.get(), false));
    }
  }

  private void savePreferences(Context ctx) {
    Optional<Target> target = target(ctx, Tokens.Purpose.PREFERENCES);
    if (target.isEmpty()) {
      return;
    }
    long subscriberId = target.get().subscriber().id();
    Set<Long> wanted = new HashSet<>();
    Set<Long> allowed = new HashSet<>();
    Set<Long> active = new HashSet<>();
    for (Subscription subscription : subscribers.subscriptions(subscriberId)) {
      allowed.add(subscription.newsletterId());
      if (subscription.active()) {
        active.add(subscription.newsletterId());
      }
    }
    for (Newsletter newsletter : newsletters.list()) {
      if (newsletter.enabled()) {
        allowed.add(newsletter.id());
      }
    }
    if (!"unsubscribe".equals(ctx.formParam("all"))) {
      for (String id : ctx.formParams("newsletter")) {
        try {
          long newsletterId = Long.parseLong(id);
          if (allowed.contains(newsletterId)) {
            wanted.add(newsletterId);
          }
        } catch (NumberFormatException e) {
          pages.message(ctx, 400, "Invalid form", "The newsletter choice '" + id + "' is invalid.");
          return;
        }
      }
    }
    String name = ctx.formParam("name");
    if (name != null && (name.length() > 200 || !OneLine.is(name))) {
      pages.message(ctx, 400, "Invalid name", "A name is one line of at most 200 characters.");
      return;
    }
    // Leaving takes a click; joining another newsletter takes a confirmation, as on /subscribe:
    // this link is in every mail, and a forwarded mail must not sign its reader up for more.
    Set<Long> added = new HashSet<>(wanted);
    added.removeAll(active);
    wanted.retainAll(active);
    subscribers.savePreferences(subscriberId, name, wanted);
    boolean confirming = false;
    if (!added.isEmpty()) {
      Optional<Signups.Request> request =
          signups.signUp(
              target.get().subscriber().email(),
              null,
              added,
              "preferences",
              Http.clientAddress(ctx, trustProxy));
      request.ifPresent(confirmations::queue);
      confirming = true;
    }
    Target reloaded = new Target(subscribers.findById(subscriberId).orElseThrow(), 0, null);
    Map<String, Object> scope = preferencesScope(ctx, reloaded, true);
    scope.put("confirming", confirming);
    pages.render(ctx, 200, "preferences", scope);
  }

  private Map<String, Object> preferencesScope(Context ctx, Target target, boolean saved) {
    List<Map<String, Object>> choices = new ArrayList<>();
    Set<Long> listed = new HashSet<>();
    for (Subscription subscription : subscribers.subscriptions(target.subscriber().id())) {
      listed.add(subscription.newsletterId());
      choices.add(
          Map.of(
              "id",
              subscription.newsletterId(),
              "name",
              subscription.newsletterName(),
              "subscribed",
              subscription.active()));
    }
    // Newsletters they never had are offered too, so the page is also where to add one.
    for (Newsletter newsletter : newsletters.list()) {
      if (newsletter.enabled() && !listed.contains(newsletter.id())) {
        choices.add(Map.of("id", newsletter.id(), "name", newsletter.name(), "subscribed", false));
      }
    }
    Map<String, Object> scope = new HashMap<>();
    scope.put("title", "Your preferences");
    scope.put("email", mask(target.subscriber().email()));
    scope.put("name", target.subscriber().name() == null ? "" : target.subscriber().name());
    scope.put("action", ctx.path());
    scope.put("saved", saved);
    scope.put("newsletters", choices);
    return scope;
  }

  private record Target(Subscriber subscriber, long newsletterId, Newsletter newsletter) {}

  /** The subscriber a token names, or empty after answering 400/404 itself. */
  private Optional<Target> target(Context ctx, Tokens.Purpose purpose) {
    Optional<Tokens.Claims> claims = tokens.verify(purpose, ctx.pathParam("token"));
    if (claims.isEmpty()) {
      pages.message(
          ctx,
          400,
          "This link is not valid",
          "The link may have been cut short or altered. Use the link from your latest email.");
      return Optional.empty();
    }
    Optional<Subscriber> subscriber = subscribers.findById(claims.get().subscriberId());
    if (subscriber.isEmpty()) {
      pages.message(
          ctx,
          404,
          "Address not found",
          "This address is no longer on any list: there is nothing left to unsubscribe.");
      return Optional.empty();
    }
    long newsletterId = claims.get().newsletterId();
    Newsletter newsletter =
        newsletterId == 0 ? null : newsletters.findById(newsletterId).orElse(null);
    return Optional.of(
        new Target(subscriber.get(), newsletter == null ? 0 : newsletterId, newsletter));
  }

  /** j***@example.com: enough to recognise, not enough to harvest. */
  static String mask(String email) {
    int at = email.indexOf('@');
    return at <= 1 ? email : email.charAt(0) + "***" + email.substring(at);
  }
}
