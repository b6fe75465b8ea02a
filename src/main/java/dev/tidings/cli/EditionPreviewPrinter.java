package dev.tidings.cli;

import dev.tidings.InvalidInputException;
import dev.tidings.app.Tidings;
import dev.tidings.article.Article;
import dev.tidings.edition.Edition;
import dev.tidings.edition.EditionRenderer;
import dev.tidings.edition.Recipient;
import dev.tidings.newsletter.Newsletter;
import dev.tidings.subscriber.Subscriber;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * {@code tidings edition preview}: the next edition of a newsletter rendered for one reader (a
 * subscriber, or a made-up one) as HTML, text or the whole signed message, without planning it or
 * writing anything.
 */
final class EditionPreviewPrinter {
  private final AppContext context;
  private final Tidings tidings;

  EditionPreviewPrinter(AppContext context) {
    this.context = context;
    this.tidings = context.tidings();
  }

  /**
   * Prints the preview.
   *
   * @param email the subscriber to render for, or null for "Reader" at reader@example.com
   * @param format html, text or eml (the message byte for byte, to standard output)
   */
  void print(String slug, String format, String email) throws IOException, MessagingException {
    Newsletter newsletter = tidings.newsletters().bySlug(slug);
    List<Article> articles = tidings.planner().nextArticles(newsletter);
    if (articles.isEmpty()) {
      throw new InvalidInputException(
          "newsletter",
          "newsletter " + slug + " has no new articles: the next edition would be skipped");
    }
    Instant now = tidings.clock().instant();
    EditionRenderer.SharedContent shared =
        tidings.renderer().renderShared(newsletter, articles, now);
    Edition edition = unsaved(newsletter, shared, articles.size(), now);
    Subscriber subscriber = email == null ? null : tidings.subscribers().byEmail(email);
    long subscriberId = subscriber == null ? 0 : subscriber.id();
    Recipient recipient =
        tidings
            .digestMessages()
            .recipient(
                newsletter,
                edition,
                subscriberId,
                subscriber == null ? "reader@example.com" : subscriber.email(),
                subscriber == null ? "Reader" : subscriber.name());
    EditionRenderer.PersonalContent content =
        tidings.renderer().personalizer(newsletter, edition, shared.preheader()).render(recipient);
    if (shared.sizeNote() != null) {
      context.err().println("tidings: note: the next edition is " + shared.sizeNote());
    }
    write(format, newsletter, edition, recipient, content, now);
  }

  /** The edition as it would be planned now, with id 0: it is never stored. */
  private static Edition unsaved(
      Newsletter newsletter, EditionRenderer.SharedContent shared, int articleCount, Instant now) {
    return new Edition(
        0,
        newsletter.id(),
        "preview",
        null,
        "preview",
        shared.subject(),
        Edition.Status.SENDING,
        null,
        shared.html(),
        shared.text(),
        articleCount,
        0,
        now,
        null);
  }

  private void write(
      String format,
      Newsletter newsletter,
      Edition edition,
      Recipient recipient,
      EditionRenderer.PersonalContent content,
      Instant now)
      throws IOException, MessagingException {
    switch (format.toLowerCase(Locale.ROOT)) {
      case "html":
        context.out().print(content.html());
        break;
      case "text":
        context.out().print(content.text());
        break;
      case "eml":
        MimeMessage message =
            tidings
                .composer()
                .compose(
                    newsletter,
                    edition,
                    recipient,
                    content,
                    tidings.links().unsubscribeToken(recipient.subscriberId(), newsletter.id()),
                    now);
        context.out().flush();
        OutputStream out = System.out;
        message.writeTo(out);
        out.flush();
        return;
      default:
        throw new InvalidInputException(
            "format", "unknown --format '" + format + "': use html, text or eml");
    }
    context.out().flush();
  }
}
