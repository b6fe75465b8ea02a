package dev.tidings.subscriber;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes subscribers as CSV with the header {@code email,name,status,created_at,consent}, in id
 * order: the one format of {@code tidings subscriber export} and of the editors' download, which
 * {@link SubscriberImport} reads back (it takes the email and name columns).
 */
public final class SubscriberExport {
  private static final CSVFormat FORMAT =
      CSVFormat.DEFAULT
          .builder()
          .setHeader("email", "name", "status", "created_at", "consent")
          .get();

  private final SubscriberStore store;

  public SubscriberExport(SubscriberStore store) {
    this.store = store;
  }

  /**
   * Writes every subscriber, or those of one newsletter, then closes {@code out}.
   *
   * @param newsletterId the newsletter, or null for all subscribers
   */
  public void writeCsv(Long newsletterId, Writer out) throws IOException {
    try (CSVPrinter csv = new CSVPrinter(out, FORMAT)) {
      store.export(
          newsletterId,
          row -> {
            try {
              csv.printRecord(
                  row.email(), row.name(), row.status(), row.createdAt(), row.consentMethod());
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
      csv.flush();
    }
  }
}
