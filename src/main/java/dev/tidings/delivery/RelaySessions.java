package dev.tidings.delivery;

import java.util.HashMap;
import java.util.Map;

/**
 * One worker's open connections, one per relay it has used, each reused for many messages and
 * replaced when it broke or reached {@code messagesPerConnection}. Not thread-safe: it belongs to
 * one worker thread.
 */
final class RelaySessions implements AutoCloseable {
  private final int messagesPerConnection;
  private final Map<Relay, MailConnection> connections = new HashMap<>();
  private final Map<Relay, Integer> sent = new HashMap<>();

  RelaySessions(int messagesPerConnection) {
    this.messagesPerConnection = messagesPerConnection;
  }

  /**
   * An open connection to {@code relay}.
   *
   * @throws MailerUnavailableException when it cannot be opened
   */
  MailConnection connectionTo(Relay relay) {
    MailConnection connection = connections.get(relay);
    if (connection != null
        && (!connection.isUsable() || sent.getOrDefault(relay, 0) >= messagesPerConnection)) {
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
