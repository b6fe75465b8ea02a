package dev.tidings.delivery;

import java.util.HashMap;
import java.util.Map;

/**
 * One worker's open connections, one per relay it has used, each reused for many messages and
 * replaced when it broke, reached {@code messagesPerConnection}, or sat unused longer than {@code
 * maxIdle}: relays close idle sessions (the built-in catcher after 30 s, many providers after a
 * minute), and a message sent on a closed one costs a round trip for a 421. Not thread-safe: it
 * belongs to one worker thread.
 */
final class RelaySessions implements AutoCloseable {
  private final int messagesPerConnection;
  private final long maxIdleNanos;
  private final Map<Relay, MailConnection> connections = new HashMap<>();
  private final Map<Relay, Integer> sent = new HashMap<>();
  private final Map<Relay, Long> lastUsed = new HashMap<>();

  RelaySessions(int messagesPerConnection, java.time.Duration maxIdle) {
    this.messagesPerConnection = messagesPerConnection;
    this.maxIdleNanos = maxIdle.toNanos();
  }

  /**
   * An open connection to {@code relay}.
   *
   * @throws MailerUnavailableException when it cannot be opened
   */
  MailConnection connectionTo(Relay relay) {
    MailConnection connection = connections.get(relay);
    long now = System.nanoTime();
    if (connection != null
        && (!connection.isUsable()
            || sent.getOrDefault(relay, 0) >= messagesPerConnection
            || now - lastUsed.getOrDefault(relay, now) > maxIdleNanos)) {
      connection.close();
      connections.remove(relay);
      connection = null;
    }
    if (connection == null) {
      connection = relay.mailer().open();
      relay.markAvailable();
      connections.put(relay, connection);
      sent.put(relay, 0);
    }
    lastUsed.put(relay, now);
    return connection;
  }

  /** Finishes the messages the connections hold, so that every outcome is handed over. */
  void flush() {
    for (MailConnection connection : connections.values()) {
      connection.flush();
    }
  }

  void countSent(Relay relay) {
    sent.merge(relay, 1, Integer::sum);
  }

  @Override
  public void close() {
    for (MailConnection connection : connections.values()) {
      connection.close();
    }
    connections.clear();
  }
}
