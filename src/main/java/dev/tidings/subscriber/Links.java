package dev.tidings.subscriber;

import java.net.URI;

/**
 * The public links of this service: signed subscriber links and archive pages, all under {@code
 * TIDINGS_BASE_URL}. The routes of {@code dev.tidings.web} serve exactly these paths.
 */
public final class Links {
  private final String base;
  private final Tokens tokens;

  public Links(URI baseUrl, Tokens tokens) {
    this.base = baseUrl.toString().replaceAll("/+$", "");
    this.tokens = tokens;
  }

  public Tokens tokens() {
    return tokens;
  }

  /** The unsubscribe token of a subscriber for one newsletter (0 = all). */
  public String unsubscribeToken(long subscriberId, long newsletterId) {
    return tokens.sign(Tokens.Purpose.UNSUBSCRIBE, subscriberId, newsletterId);
  }

  public String unsubscribe(long subscriberId, long newsletterId) {
    return base + "/unsubscribe/" + unsubscribeToken(subscriberId, newsletterId);
  }

  public String preferences(long subscriberId) {
    return base + "/preferences/" + tokens.sign(Tokens.Purpose.PREFERENCES, subscriberId, 0);
  }

  public String archive() {
    return base + "/archive";
  }

  public String archivedEdition(String newsletterSlug, long editionId) {
    return base + "/archive/" + newsletterSlug + "/" + editionId;
  }

  public String base() {
    return base;
  }
}
