package dev.tidings.web;

import dev.tidings.delivery.MailerUnavailableException;
import dev.tidings.delivery.SendResult;
import dev.tidings.edition.Edition;
import dev.tidings.edition.EditionPlanner;
import dev.tidings.edition.EditionRenderer;
import dev.tidings.edition.Recipient;
import dev.tidings.newsletter.Newsletter;
import dev.tidings.subscriber.EmailAddress;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;

/**
 * The next edition of a newsletter: its preview as a subscriber sees it (HTML at desktop and phone
 * widths, and the text part), a test send to one address, and "Send now" behind a confirmation
 * page. Planning is the planner's job and sending the engine's; these handlers only ask for it.
 */
final class NextEditionAdmin {
  private final Pages pages;
  private final AdminPage page;
  private final EditionAdmin.Parts parts;

  NextEditionAdmin(Pages pages, AdminPage page, EditionAdmin.Parts parts) {
    this.pages = pages;
    this.page = page;
    this.parts = parts;
  }

  void register(RoutesConfig routes) {
    routes.get("/admin/newsletters/{slug}/preview", this::preview);
    routes.get("/admin/newsletters/{slug}/preview.html", this::previewHtml);
    routes.post("/admin/newsletters/{slug}/test", this::testSend);
    routes.get("/admin/newsletters/{slug}/send", this::confirmSend);
    routes.post("/admin/newsletters/{slug}/send", this::send);
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

  private long activeCount(Newsletter newsletter) {
    return parts.newsletters().activeSubscriberCounts().getOrDefault(newsletter.id(), 0L);
  }

  private static String sender(Newsletter newsletter) {
    return newsletter.senderName() == null
        ? newsletter.senderEmail()
        : newsletter.senderName() + " <" + newsletter.senderEmail() + ">";
  }
}
