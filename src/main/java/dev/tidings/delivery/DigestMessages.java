package dev.tidings.delivery;

import dev.tidings.edition.Edition;
import dev.tidings.edition.EditionRenderer;
import dev.tidings.edition.EditionStore;
import dev.tidings.edition.Recipient;
import dev.tidings.newsletter.Newsletter;
import dev.tidings.newsletter.NewsletterStore;
import dev.tidings.subscriber.Links;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link MessageSource} for digests: loads each edition once (its stored shared content, its
 * newsletter, its compiled personal templates) and then renders only the personal part of each
 * message. Thread-safe; the per-edition cache holds the few most recent editions.
 */
public final class DigestMessages implements MessageSource {
  private static final int CACHED_EDITIONS = 16;

  private final EditionStore editions;
  private final NewsletterStore newsletters;
  private final EditionRenderer renderer;
  private final MessageComposer composer;
  private final Links links;
  private final Bounces bounces;
  private final Clock clock;
  private final Map<Long, Prepared> cache =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Prepared> eldest) {
          return size() > CACHED_EDITIONS;
        }
      };

  private record Prepared(
      Newsletter newsletter, Edition edition, dev.tidings.edition.Personalizer personalizer) {}

  public DigestMessages(
      EditionStore editions,
      NewsletterStore newsletters,
      EditionRenderer renderer,
      MessageComposer composer,
      Links links,
      Bounces bounces,
      Clock clock) {
    this.editions = editions;
    this.newsletters = newsletters;
    this.renderer = renderer;
    this.composer = composer;
    this.links = links;
    this.bounces = bounces;
    this.clock = clock;
  }

  @Override
  public Outgoing compose(ClaimedDelivery delivery) {
    Prepared prepared = prepared(delivery.editionId());
    Newsletter newsletter = prepared.newsletter();
    Recipient recipient =
        recipient(
            newsletter,
            prepared.edition(),
            delivery.subscriberId(),
            delivery.email(),
            delivery.name());
    EditionRenderer.PersonalContent content = prepared.personalizer().render(recipient);
    return new Outgoing(
        composer.compose(
            newsletter,
            prepared.edition(),
            recipient,
            content,
            links.unsubscribeToken(delivery.subscriberId(), newsletter.id()),
            clock.instant()),
        bounces.envelopeSender(delivery.id(), delivery.subscriberId(), newsletter.senderEmail()));
  }

  /** The recipient of an edition with their signed links. */
  public Recipient recipient(
      Newsletter newsletter, Edition edition, long subscriberId, String email, String name) {
    return new Recipient(
        subscriberId,
        email,
        name,
        links.unsubscribe(subscriberId, newsletter.id()),
        links.preferences(subscriberId),
        links.archivedEdition(newsletter.slug(), edition.id()));
  }

  private Prepared prepared(long editionId) {
    synchronized (cache) {
      Prepared prepared = cache.get(editionId);
      if (prepared != null) {
        return prepared;
      }
    }
    Edition edition = editions.byId(editionId);
    Newsletter newsletter = newsletters.byId(edition.newsletterId());
    Prepared prepared =
        new Prepared(
            newsletter,
            edition,
            renderer.personalizer(
                newsletter, edition, editions.digestFacts(editionId).preheader()));
    synchronized (cache) {
      cache.put(editionId, prepared);
    }
    return prepared;
  }
}
