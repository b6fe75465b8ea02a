package dev.tidings.subscriber;

/** A subscriber's membership of one newsletter, with its own status. */
public record Subscription(
    long newsletterId, String newsletterSlug, String newsletterName, String status) {

  public boolean active() {
    return "active".equals(status);
  }
}
