package dev.tidings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.edition.Edition;
import dev.tidings.edition.EditionPlanner;
import dev.tidings.newsletter.Newsletter;
import dev.tidings.subscriber.SubscriberDirectory;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Erasing a subscriber skips their deliveries not yet sent, in every edition, and wipes the server
 * replies of those already sent (they may quote the address); other subscribers' rows are left as
 * they were. On MariaDB the statements run as joins through the editions (no index leads with the
 * subscriber), so both databases are checked.
 */
@Tag("mariadb")
class SubscriberEraseTest {

  @Test
  void mariaDb() throws Exception {
    erase_skipsOpenRowsAndWipesRepliesOfThatSubscriberOnly(TestDatabase.Kind.MARIADB);
  }

  @Test
  void h2() throws Exception {
    erase_skipsOpenRowsAndWipesRepliesOfThatSubscriberOnly(TestDatabase.Kind.H2);
  }

  private void erase_skipsOpenRowsAndWipesRepliesOfThatSubscriberOnly(TestDatabase.Kind kind)
      throws Exception {
    try (Harness harness = Harness.start(kind)) {
      Newsletter weekly = harness.newsletter("weekly");
      Edition sent = harness.bulkEdition(weekly, 3);
      harness.update(
          "UPDATE deliveries SET status = 'sent', smtp_response = CONCAT('250 queued for ',"
              + " (SELECT email FROM subscribers s WHERE s.id = subscriber_id))"
              + " WHERE edition_id = ?",
          sent.id());
      harness.update("UPDATE editions SET status = 'sent' WHERE id = ?", sent.id());
      harness.article(
          "A second week",
          "https://example.com/second-week",
          harness.clock.instant().minus(Duration.ofMinutes(5)));
      Edition open = harness.tidings.planner().plan(weekly, EditionPlanner.Trigger.manual("test"));
      assertThat(open.status()).isEqualTo(Edition.Status.SENDING);
      long erased = harness.tidings.subscribers().byEmail(Harness.reader(1)).id();

      SubscriberDirectory directory =
          new SubscriberDirectory(harness.tidings.database(), harness.tidings.clock());
      assertThat(directory.erase(erased, "test")).isTrue();

      assertThat(rows(harness, sent.id()))
          .containsExactly(
              "reader0@example.org sent 250 queued for reader0@example.org null",
              "erased sent null null",
              "reader2@example.org sent 250 queued for reader2@example.org null");
      assertThat(rows(harness, open.id()))
          .containsExactly(
              "reader0@example.org queued null null",
              "erased skipped null subscriber erased",
              "reader2@example.org queued null null");
    }
  }

  /** Each row of the edition, by subscriber: address (or "erased"), status, reply, last error. */
  private static List<String> rows(Harness harness, long editionId) {
    return harness.query(
        "SELECT s.email, d.status, d.smtp_response, d.last_error FROM deliveries d"
            + " LEFT JOIN subscribers s ON s.id = d.subscriber_id"
            + " WHERE d.edition_id = ? ORDER BY d.subscriber_id",
        row ->
            (row.getString("email") == null ? "erased" : row.getString("email"))
                + " "
                + row.getString("status")
                + " "
                + row.getString("smtp_response")
                + " "
                + row.getString("last_error"),
        editionId);
  }
}
