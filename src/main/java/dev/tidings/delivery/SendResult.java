package dev.tidings.delivery;

/**
 * What the relay made of one message.
 *
 * @param reply the server's reply (or the error) as text, stored with the delivery
 */
public record SendResult(Kind kind, String reply) {

  /** Accepted (250), worth retrying (4xx, timeouts, dropped connections) or refused for good. */
  public enum Kind {
    ACCEPTED,
    TRANSIENT,
    PERMANENT
  }

  public static SendResult accepted(String reply) {
    return new SendResult(Kind.ACCEPTED, reply);
  }

  public static SendResult transientFailure(String reply) {
    return new SendResult(Kind.TRANSIENT, reply);
  }

  public static SendResult permanentFailure(String reply) {
    return new SendResult(Kind.PERMANENT, reply);
  }
}
