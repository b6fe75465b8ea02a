package dev.tidings.subscriber;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes subscribers as CSV with the header {@code email,name,status,created_at,consent}, in id
 * order: the one format of {@code tidings subscriber export} and of the editors' download, which
 * {@link SubscriberImport} reads back (it takes the email and name columns). A cell that a
 * spreadsheet would run as a formula (it starts with {@code =}, {@code +}, {@code -}, {@code @}, a
 * tab or a carriage return: the OWASP rule) is written with a {@code '} in front, which the import
 * removes again.
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
                  inert(row.email()),
                  inert(row.name()),
                  inert(row.status()),
                  row.createdAt(),
                  inert(row.consentMethod()));
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
      csv.flush();
    }
  }

  /** {@code value} as a spreadsheet shows it and never runs it. */
  static String inert(String value) {
    return isFormula(value) ? "'" + value : value;
  }

  /** The cell as it was before {@link #inert}. */
  static String restored(String value) {
    return value != null && value.startsWith("'") && isFormula(value.substring(1))
        ? value.substring(1)
        : value;
  }

  private static boolean isFormula(String value) {
    return value != null && !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0;
  }
}
