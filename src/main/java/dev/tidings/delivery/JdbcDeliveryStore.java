package dev.tidings.delivery;

import dev.tidings.db.Database;
import dev.tidings.db.Dialect;
import dev.tidings.db.Jdbc;
import dev.tidings.db.SqlQueries;
import dev.tidings.edition.EditionFanout;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link DeliveryStore} on MySQL/MariaDB or H2 (queries in {@code sql/deliveries.sql}). Claims are
 * two statements in one transaction: select due ids (locked and skipping others' locks on MySQL),
 * then lease them with an update that re-checks they are still due. Thread-safe.
 *
 * <p>All workers of one engine lease under the engine's owner name, and the claim reads back its
 * rows by that name. On H2, which has no SKIP LOCKED, two claims of one process can pick
 * overlapping candidates; the one that leases fewer rows than it picked would then read back the
 * other's rows as its own, and both would send them. Claims of one process are therefore taken one
 * at a time on H2 (claims of different processes carry different owner names).
 */
public final class JdbcDeliveryStore implements DeliveryStore {
  private final Database database;
  private final EditionFanout fanout;
  private final int hardBounceLimit;
  private final ReentrantLock claimLock = new ReentrantLock();

  /**
   * @param hardBounceLimit permanent failures after which a subscriber is marked bounced and the
   *     address suppressed
   */
  public JdbcDeliveryStore(Database database, EditionFanout fanout, int hardBounceLimit) {
    this.database = database;
    this.fanout = fanout;
    this.hardBounceLimit = hardBounceLimit;
  }

  @Override
  public List<Long> pendingFanouts() {
    return fanout.pending();
  }

  @Override
  public boolean extendFanout(long editionId) {
    return fanout.extend(editionId);
  }

  @Override
  public List<Long> sendingEditions() {
    return database.read(
        connection ->
            Jdbc.query(connection, database.sql("sending-editions"), row -> row.getLong(1)));
  }

  @Override
  public List<ClaimedDelivery> claim(
      long editionId, String owner, int limit, Instant now, Instant leaseUntil) {
    if (database.dialect() != Dialect.H2) {
      return lease(editionId, owner, limit, now, leaseUntil);
    }
    claimLock.lock();
    try {
      return lease(editionId, owner, limit, now, leaseUntil);
    } finally {
      claimLock.unlock();
    }
  }

  private List<ClaimedDelivery> lease(
      long editionId, String owner, int limit, Instant now, Instant leaseUntil) {
    return database.transaction(
        connection -> {
          List<Long> ids =
              Jdbc.query(
                  connection,
                  database.sql("claim-candidates-of-edition"),
                  row -> row.getLong(1),
                  editionId,
                  now,
                  limit);
          if (ids.isEmpty()) {
            return List.of();
          }
          Object[] params = new Object[ids.size() + 3];
          params[0] = owner;
          params[1] = leaseUntil;
          for (int i = 0; i < ids.size(); i++) {
            params[i + 2] = ids.get(i);
          }
          params[params.length - 1] = now;
          int leased =
              Jdbc.update(
                  connection, SqlQueries.expandList(database.sql("claim"), ids.size()), params);
          if (leased == 0) {
            return List.of();
          }
          Object[] claimedParams = new Object[ids.size() + 1];
          for (int i = 0; i < ids.size(); i++) {
            claimedParams[i] = ids.get(i);
          }
          claimedParams[ids.size()] = owner;
          return Jdbc.query(
              connection,
              SqlQueries.expandList(database.sql("claimed"), ids.size()),
              row ->
                  new ClaimedDelivery(
                      row.getLong("id"),
                      row.getLong("edition_id"),
                      row.getLong("subscriber_id"),
                      row.getString("email"),
                      row.getString("name"),
                      row.getInt("attempts"),
                      skipReason(
                          row.getString("subscriber_status"),
                          row.getString("subscription_status"),
                          row.getLong("suppressed"))),
              claimedParams);
        });
  }

  private static String skipReason(String subscriber, String subscription, long suppressed) {
    if (suppressed > 0) {
      return "address is suppressed";
    }
    if (!"active".equals(subscriber)) {
      return "subscriber is " + subscriber;
    }
    if (!"active".equals(subscription)) {
      return "subscription is " + (subscription == null ? "gone" : subscription);
    }
    return null;
  }

  @Override
  public int record(List<Ack> acks, String owner, Instant now) {
    return database.transaction(
        connection -> {
          List<Ack> sent = new java.util.ArrayList<>();
          Map<Ack.Outcome, PreparedStatement> statements = new EnumMap<>(Ack.Outcome.class);
          try {
            for (Ack ack : acks) {
              if (ack.outcome() == Ack.Outcome.SENT) {
                sent.add(ack);
                continue;
              }
              PreparedStatement statement =
                  statements.computeIfAbsent(
                      ack.outcome(), outcome -> prepare(connection, outcome));
              bindAck(statement, ack, owner, now);
              statement.addBatch();
            }
            int lost = sent.isEmpty() ? 0 : sent.size() - recordSent(connection, sent, owner, now);
            for (PreparedStatement statement : statements.values()) {
              for (int count : statement.executeBatch()) {
                // Batched updates may report SUCCESS_NO_INFO (-2); only 0 means "not ours".
                if (count == 0) {
                  lost++;
                }
              }
            }
            for (Ack ack : acks) {
              if (ack.outcome() == Ack.Outcome.BOUNCED) {
                countHardBounce(connection, ack, now);
              }
            }
            return lost;
          } finally {
            for (PreparedStatement statement : statements.values()) {
              statement.close();
            }
          }
        });
  }

  /** Marks accepted messages sent in one statement; returns how many rows were still ours. */
  private int recordSent(Connection connection, List<Ack> sent, String owner, Instant now)
      throws SQLException {
    String sql =
        SqlQueries.expandList(
            SqlQueries.expandCases(database.sql("ack-sent-batch"), sent.size()), sent.size());
    Object[] params = new Object[1 + sent.size() * 3 + 1];
    int at = 0;
    params[at++] = now;
    for (Ack ack : sent) {
      params[at++] = ack.deliveryId();
      params[at++] = truncate(ack.detail(), 500);
    }
    for (Ack ack : sent) {
      params[at++] = ack.deliveryId();
    }
    params[at] = owner;
    return Jdbc.update(connection, sql, params);
  }

  /** Counts a hard bounce; at the limit the subscriber is bounced and the address suppressed. */
  private void countHardBounce(Connection connection, Ack ack, Instant now) throws SQLException {
    Jdbc.update(
        connection, database.sql("count-hard-bounce"), hardBounceLimit, now, ack.deliveryId());
    java.util.Optional<String> bounced =
        Jdbc.queryOne(
            connection,
            database.sql("bounced-address-of-delivery"),
            row -> row.getString("email_hash"),
            ack.deliveryId());
    if (bounced.isPresent()) {
      Jdbc.update(
          connection,
          database.sql("insert-suppression"),
          bounced.get(),
          "hard-bounce",
          truncate(ack.detail(), 500),
          now);
    }
  }

  private PreparedStatement prepare(Connection connection, Ack.Outcome outcome) {
    String name;
    switch (outcome) {
      case RETRY:
        name = "ack-retry";
        break;
      case FAILED:
      case BOUNCED:
        name = "ack-failed";
        break;
      case RETURNED:
        name = "ack-returned";
        break;
      default:
        name = "ack-skipped";
    }
    try {
      return connection.prepareStatement(database.sql(name));
    } catch (SQLException e) {
      throw new dev.tidings.db.DataAccessException(e);
    }
  }

  private static void bindAck(PreparedStatement statement, Ack ack, String owner, Instant now)
      throws SQLException {
    String detail = truncate(ack.detail(), 1000);
    switch (ack.outcome()) {
      case RETRY:
      case RETURNED:
        Jdbc.bind(statement, ack.retryAt(), detail, ack.deliveryId(), owner);
        break;
      default:
        Jdbc.bind(statement, detail, ack.deliveryId(), owner);
    }
  }

  @Override
  public int extendLeases(long editionId, String owner, Instant until) {
    return database.transaction(
        connection ->
            Jdbc.update(connection, database.sql("extend-leases"), until, editionId, owner));
  }

  @Override
  public void release(List<Long> deliveryIds, String owner, Instant now) {
    if (deliveryIds.isEmpty()) {
      return;
    }
    database.transaction(
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(database.sql("release"))) {
            for (long id : deliveryIds) {
              Jdbc.bind(statement, now, id, owner);
              statement.addBatch();
            }
            statement.executeBatch();
          }
          return null;
        });
  }

  @Override
  public boolean finishIfDone(long editionId, Instant now) {
    return database.transaction(
            connection -> {
              if (Jdbc.queryOne(
                      connection,
                      database.sql("edition-may-finish"),
                      row -> row.getInt(1),
                      editionId)
                  .isEmpty()) {
                return 0;
              }
              return Jdbc.update(
                  connection, database.sql("finish-edition"), now, editionId, editionId);
            })
        == 1;
  }

  @Override
  public Optional<Instant> nextDue(long editionId) {
    return database.read(
        connection -> {
          List<Instant> next =
              Jdbc.query(
                  connection,
                  database.sql("next-due"),
                  row -> Jdbc.instant(row, "next_due"),
                  editionId);
          return next.isEmpty() ? Optional.<Instant>empty() : Optional.ofNullable(next.get(0));
        });
  }

  private static String truncate(String text, int max) {
    if (text == null) {
      return null;
    }
    String single = text.replaceAll("[\\r\\n]+", " ");
    return single.length() <= max ? single : single.substring(0, max - 1) + "…";
  }
}
