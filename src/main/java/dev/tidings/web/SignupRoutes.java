package dev.tidings.web;

import dev.tidings.OneLine;
import dev.tidings.newsletter.Newsletter;
import dev.tidings.newsletter.NewsletterStore;
import dev.tidings.subscriber.EmailAddress;
import dev.tidings.subscriber.Links;
import dev.tidings.subscriber.Signups;
import dev.tidings.subscriber.Subscriber;
import dev.tidings.subscriber.SubscriberStore;
import dev.tidings.subscriber.Tokens;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-up with double opt-in: {@code /subscribe} (the page, and the target of the embeddable form
 * on the operator's own site) and {@code /confirm/{token}}. The answer to a sign-up is the same, in
 * content and in time, whether the address was new, known or suppressed: the confirmation is mailed
 * by {@link Confirmations} on a thread of its own. A honeypot field, a per-client limit and a
 * per-address daily limit keep bots and sign-up bombing out; the form takes no CSRF token on
 * purpose, since the embedded copy is posted from another site, and signing somebody up only sends
 * them a confirmation. The confirmation link names one sign-up ({@link Signups.Request}): it
 * confirms what was asked for then, until it expires, and shows the state when followed again.
 */
final class SignupRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(SignupRoutes.class);

  /** The field a person never sees; bots fill in every field. */
  static final String HONEYPOT = "website";

  private final Pages pages;
  private final Links links;
  private final NewsletterStore newsletters;
  private final SubscriberStore subscribers;
  private final Signups signups;
  private final Confirmations confirmations;
  private final Clock clock;
  private final boolean trustProxy;
  private final KeyedLimits perClient;

  SignupRoutes(
      Pages pages,
      Links links,
      NewsletterStore newsletters,
      SubscriberStore subscribers,
      Signups signups,
      Confirmations confirmations,
      Clock clock,
      int perHour,
      boolean trustProxy) {
    this.pages = pages;
    this.links = links;
    this.newsletters = newsletters;
    this.subscribers = subscribers;
    this.signups = signups;
    this.confirmations = confirmations;
    this.clock = clock;
    this.trustProxy = trustProxy;
    this.perClient = new KeyedLimits(perHour, Duration.ofHours(1));
  }

  void register(RoutesConfig routes) {
    routes.get("/subscribe", this::form);
    routes.post("/subscribe", this::subscribe);
    routes.get("/confirm/{token}", this::showConfirm);
    routes.post("/confirm/{token}", this::confirm);
  }

  private void form(Context ctx) {
    Map<String, Object> scope = formScope(ctx.queryParams("newsletter"), "", "", Map.of());
    pages.render(ctx, 200, "subscribe", scope);
  }

  private Map<String, Object> formScope(
      List<String> chosen, String email, String name, Map<String, String> errors) {
    List<Map<String, Object>> choices = new ArrayList<>();
    List<Newsletter> open = open();
    for (Newsletter newsletter : open) {
      boolean checked =
          chosen.contains(newsletter.slug())
              || chosen.contains(String.valueOf(newsletter.id()))
              || open.size() == 1;
      choices.add(Map.of("slug", newsletter.slug(), "name", newsletter.name(), "checked", checked));
    }
    Map<String, Object> scope = new HashMap<>();
    scope.put("title", "Subscribe");
    scope.put("newsletters", choices);
    scope.put("email", email);
    scope.put("name", name);
    scope.put("errors", errors.isEmpty() ? null : new ArrayList<>(errors.values()));
    scope.put("emailError", errors.get("email"));
    scope.put("newsletterError", errors.get("newsletter"));
    scope.put("nameError", errors.get("name"));
    return scope;
  }

  private List<Newsletter> open() {
    return newsletters.list().stream().filter(Newsletter::enabled).toList();
  }

  private void subscribe(Context ctx) {
    String email = trimmed(ctx.formParam("email"));
    String name = trimmed(ctx.formParam("name"));
    List<String> chosen = ctx.formParams("newsletter");
    String honeypot = ctx.formParam(HONEYPOT);
    if (honeypot != null && !honeypot.isEmpty()) {
      LOG.info("sign-up with the honeypot filled in dropped");
      checkInbox(ctx);
      return;
    }
    String client = Http.clientAddress(ctx, trustProxy);
    if (!perClient.tryTake(client)) {
      ctx.header("Retry-After", String.valueOf(perClient.secondsUntilNext(client)));
      pages.message(
          ctx,
          429,
          "Too many sign-ups",
          "There were too many sign-ups from your network. Please try again in an hour.");
      return;
    }
    Map<String, String> errors = new LinkedHashMap<>();
    if (!EmailAddress.isValid(email)) {
      errors.put("email", "Enter a valid email address, such as you@example.com.");
    }
    if (name.length() > 200 || !OneLine.is(name)) {
      errors.put("name", "A name is one line of at most 200 characters.");
    }
    Set<Long> ids = new LinkedHashSet<>();
    List<Newsletter> wanted = new ArrayList<>();
    List<Newsletter> open = open();
    for (Newsletter newsletter : open) {
      if (chosen.contains(newsletter.slug())
          || chosen.contains(String.valueOf(newsletter.id()))
          || (chosen.isEmpty() && open.size() == 1)) {
        ids.add(newsletter.id());
        wanted.add(newsletter);
      }
    }
    if (wanted.size() < new java.util.HashSet<>(chosen).size()) {
      errors.put("newsletter", "One of the chosen newsletters does not exist (any more).");
    } else if (wanted.isEmpty()) {
      errors.put("newsletter", "Choose at least one newsletter.");
    }
    if (!errors.isEmpty()) {
      pages.render(ctx, 422, "subscribe", formScope(chosen, email, name, errors));
      return;
    }
    String form = formName(ctx.formParam("form"));
    signups.signUp(email, name, ids, form, client).ifPresent(confirmations::queue);
    checkInbox(ctx);
  }

  private void checkInbox(Context ctx) {
    Map<String, Object> scope = new HashMap<>();
    scope.put("title", "Check your inbox");
    pages.render(ctx, 200, "subscribe-sent", scope);
  }

  /** The page of a confirmation link: the button while it waits, else the state it is in. */
  private void showConfirm(Context ctx) {
    Optional<Target> target = confirmTarget(ctx);
    if (target.isEmpty()) {
      return;
    }
    Signups.Request request = target.get().request();
    if (request.confirmedAt() != null) {
      confirmed(ctx, target.get().subscriber());
    } else if (!request.expiresAt().isAfter(target.get().now())) {
      expired(ctx);
    } else {
      Map<String, Object> scope = new HashMap<>();
      scope.put("title", "Confirm your subscription");
      scope.put("email", SubscriberRoutes.mask(target.get().subscriber().email()));
      scope.put("newsletters", names(request));
      scope.put("action", ctx.path());
      scope.put("done", false);
      pages.render(ctx, 200, "confirm", scope);
    }
  }

  private void confirm(Context ctx) {
    Optional<Target> target = confirmTarget(ctx);
    if (target.isEmpty()) {
      return;
    }
    Subscriber subscriber = target.get().subscriber();
    switch (signups.confirm(target.get().request().id(), subscriber.id())) {
      case CONFIRMED, ALREADY_CONFIRMED -> confirmed(ctx, subscriber);
      case EXPIRED -> expired(ctx);
      case REFUSED ->
          pages.message(
              ctx,
              409,
              "This address cannot be confirmed",
              "Mail to this address was refused before, so it is not on the list. Contact the"
                  + " sender if this is a mistake.");
      case UNKNOWN -> invalidLink(ctx);
    }
  }

  private void confirmed(Context ctx, Subscriber subscriber) {
    Map<String, Object> scope = new HashMap<>();
    scope.put("title", "You're subscribed");
    scope.put("email", SubscriberRoutes.mask(subscriber.email()));
    scope.put("done", true);
    scope.put("preferencesUrl", links.preferences(subscriber.id()));
    scope.put("archiveUrl", links.archive());
    pages.render(ctx, 200, "confirm", scope);
  }

  private void expired(Context ctx) {
    pages.message(
        ctx,
        410,
        "This link has expired",
        "Confirmation links work for "
            + Signups.VALID_DAYS
            + " days. Sign up again to get a new one; nothing was changed.");
  }

  private void invalidLink(Context ctx) {
    pages.message(
        ctx,
        400,
        "This link is not valid",
        "The confirmation link may have been cut short or altered. Sign up again to get a new"
            + " one.");
  }

  private String names(Signups.Request request) {
    return String.join(
        ", ",
        request.newsletterIds().stream()
            .map(newsletters::findById)
            .flatMap(Optional::stream)
            .map(Newsletter::name)
            .toList());
  }

  /** A confirmation link's sign-up and subscriber, as of now. */
  private record Target(Signups.Request request, Subscriber subscriber, java.time.Instant now) {}

  /** The sign-up a link names (its token signs the sign-up's id and the subscriber's). */
  private Optional<Target> confirmTarget(Context ctx) {
    Optional<Tokens.Claims> claims =
        links.tokens().verify(Tokens.Purpose.CONFIRM, ctx.pathParam("token"));
    Optional<Target> target =
        claims.flatMap(
            found ->
                signups
                    .find(found.subscriberId(), found.newsletterId())
                    .flatMap(
                        request ->
                            subscribers
                                .findById(request.subscriberId())
                                .map(
                                    subscriber ->
                                        new Target(request, subscriber, clock.instant()))));
    if (target.isEmpty()) {
      invalidLink(ctx);
    }
    return target;
  }

  /** The form's own name, kept with the consent: letters, digits, dots and dashes only. */
  private static String formName(String raw) {
    if (raw == null || !raw.matches("[A-Za-z0-9._-]{1,60}")) {
      return "subscribe-page";
    }
    return raw;
  }

  private static String trimmed(String value) {
    return value == null ? "" : value.trim();
  }
}
