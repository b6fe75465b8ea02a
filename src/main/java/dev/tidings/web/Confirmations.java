package dev.tidings.web;

import dev.tidings.delivery.MailerUnavailableException;
import dev.tidings.delivery.OneOffSender;
import dev.tidings.delivery.SendResult;
import dev.tidings.newsletter.Newsletter;
import dev.tidings.newsletter.NewsletterStore;
import dev.tidings.subscriber.Links;
import dev.tidings.subscriber.Signups;
import dev.tidings.subscriber.Subscriber;
import dev.tidings.subscriber.SubscriberStore;
import dev.tidings.subscriber.Tokens;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the confirmation mail of each sign-up on a thread of its own, so the answer to a sign-up
 * never waits for the relay: it takes the same time for a new, a known and a suppressed address
 * (before, a suppressed one answered in 4 ms and the others in 25 ms, which told them apart). A
 * relay that cannot be reached is tried again after 1, 5 and 15 minutes; a mail the relay took is
 * recorded ({@link Signups#mailed}), and those still owed after a restart are sent by {@link
 * #resume}. Thread-safe.
 */
final class Confirmations implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Confirmations.class);
  private static final List<Duration> RETRIES =
      List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15));

  private final Signups signups;
  private final SubscriberStore subscribers;
  private final NewsletterStore newsletters;
  private final Links links;
  private final OneOffSender sender;
  private final ConfirmationMail mail;
  private final Clock clock;
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread named = new Thread(runnable, "tidings-confirmations");
            named.setDaemon(true);
            return named;
          });

  Confirmations(
      Signups signups,
      SubscriberStore subscribers,
      NewsletterStore newsletters,
      Links links,
      OneOffSender sender,
      ConfirmationMail mail,
      Clock clock) {
    this.signups = signups;
    this.subscribers = subscribers;
    this.newsletters = newsletters;
    this.links = links;
    this.sender = sender;
    this.mail = mail;
    this.clock = clock;
  }

  /** The link that confirms {@code request}. */
  String url(Signups.Request request) {
    return links.base()
        + "/confirm/"
        + links.tokens().sign(Tokens.Purpose.CONFIRM, request.id(), request.subscriberId());
  }

  /** Sends the confirmation of {@code request} soon, on this class's thread. */
  void queue(Signups.Request request) {
    thread.execute(() -> send(request, 0));
  }

  /** Queues the confirmations that the relay has not taken yet (after a restart). */
  void resume() {
    thread.execute(
        () -> {
          List<Signups.Request> owed = signups.unmailed();
          if (!owed.isEmpty()) {
            LOG.info("sending {} confirmation mail(s) owed from before the restart", owed.size());
          }
          owed.forEach(request -> send(request, 0));
        });
  }

  private void send(Signups.Request request, int attempt) {
    Optional<Subscriber> subscriber = subscribers.findById(request.subscriberId());
    List<Newsletter> wanted =
        request.newsletterIds().stream()
            .map(newsletters::findById)
            .flatMap(Optional::stream)
            .toList();
    if (subscriber.isEmpty() || wanted.isEmpty()) {
      return; // erased, or its newsletters deleted meanwhile: nothing to confirm
    }
    try {
      SendResult result =
          sender.send(
              mail.compose(
                  subscriber.get(), wanted, url(request), request.expiresAt(), clock.instant()),
              wanted.get(0).senderEmail(),
              subscriber.get().email());
      if (result.kind() == SendResult.Kind.ACCEPTED) {
        signups.mailed(request.id());
      } else {
        LOG.warn(
            "confirmation {} to subscriber {} refused: {}",
            request.id(),
            request.subscriberId(),
            result.reply());
      }
    } catch (MailerUnavailableException e) {
      if (attempt < RETRIES.size()) {
        Duration wait = RETRIES.get(attempt);
        LOG.warn(
            "cannot send confirmation {} now ({}); trying again in {} min",
            request.id(),
            e.getMessage(),
            wait.toMinutes());
        thread.schedule(() -> send(request, attempt + 1), wait.toMillis(), TimeUnit.MILLISECONDS);
      } else {
        LOG.error(
            "gave up sending confirmation {} after {} tries: {}; it is sent again at the next"
                + " start",
            request.id(),
            attempt + 1,
            e.getMessage());
      }
    } catch (RuntimeException e) {
      LOG.error("confirmation {} failed", request.id(), e);
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
