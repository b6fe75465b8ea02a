package dev.tidings.subscriber;

import dev.tidings.InvalidInputException;
import dev.tidings.OneLine;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Imports subscribers from a CSV file with the header {@code email,name} (name optional, other
 * columns ignored). Bad rows are reported with their line numbers and the good rows imported, in
 * chunks of {@value #CHUNK} rows per transaction so that 100,000 rows take seconds. Importing the
 * same file again updates names and changes nothing else.
 */
public final class SubscriberImport {
  static final int CHUNK = 1000;
  private final SubscriberStore store;

  public SubscriberImport(SubscriberStore store) {
    this.store = store;
  }

  /** The outcome of one file. */
  public record Report(int added, int updated, int suppressed, List<String> problems) {
    public int imported() {
      return added + updated;
    }
  }

  /**
   * Imports {@code file}.
   *
   * @throws InvalidInputException when the file cannot be read or has no email column
   */
  public Report run(Path file, Long newsletterId, boolean confirmed) {
    try (InputStream in = Files.newInputStream(file);
        Reader reader =
            new InputStreamReader(
                in,
                StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT));
        CSVParser parser =
            CSVFormat.DEFAULT
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true)
                .setTrim(true)
                .get()
                .parse(reader)) {
      String emailColumn = column(parser, "email", file);
      String nameColumn = column(parser, "name", null);
      return importRecords(
          parser, emailColumn, nameColumn, newsletterId, confirmed, file.getFileName().toString());
    } catch (NoSuchFileException e) {
      throw new InvalidInputException("file", file + ": no such file");
    } catch (CharacterCodingException e) {
      throw new InvalidInputException("file", file + ": not UTF-8 text");
    } catch (IOException | java.io.UncheckedIOException e) {
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new InvalidInputException("file", file + ": cannot read: " + message);
    }
  }

  private Report importRecords(
      CSVParser parser,
      String emailColumn,
      String nameColumn,
      Long newsletterId,
      boolean confirmed,
      String source) {
    SubscriberStore.Consent consent = new SubscriberStore.Consent("import", source);
    List<String> problems = new ArrayList<>();
    Map<String, SubscriberStore.Entry> chunk = new LinkedHashMap<>();
    int added = 0;
    int updated = 0;
    int suppressed = 0;
    long line = 1;
    for (CSVRecord record : parser) {
      line = parser.getCurrentLineNumber();
      try {
        String email =
            EmailAddress.normalize(
                record.isSet(emailColumn)
                    ? SubscriberExport.restored(record.get(emailColumn))
                    : "");
        String name =
            nameColumn != null && record.isSet(nameColumn)
                ? SubscriberExport.restored(record.get(nameColumn))
                : null;
        chunk.put(email, new SubscriberStore.Entry(email, cleanName(name)));
      } catch (InvalidInputException e) {
        problems.add("line " + line + ": " + e.getMessage());
      }
      if (chunk.size() >= CHUNK) {
        SubscriberStore.Outcome outcome =
            store.upsert(new ArrayList<>(chunk.values()), newsletterId, confirmed, consent);
        added += outcome.added();
        updated += outcome.updated();
        suppressed += outcome.suppressed().size();
        chunk.clear();
      }
    }
    SubscriberStore.Outcome outcome =
        store.upsert(new ArrayList<>(chunk.values()), newsletterId, confirmed, consent);
    return new Report(
        added + outcome.added(),
        updated + outcome.updated(),
        suppressed + outcome.suppressed().size(),
        problems);
  }

  /** A name is a single line of at most 200 characters; control characters become spaces. */
  static String cleanName(String name) {
    if (name == null) {
      return null;
    }
    String clean = OneLine.of(name);
    if (clean.length() > 200) {
      throw new InvalidInputException("name", "name longer than 200 characters");
    }
    return clean.isEmpty() ? null : clean;
  }

  private static String column(CSVParser parser, String wanted, Path requiredIn) {
    for (String header : parser.getHeaderNames()) {
      String normalized = header.replace("\uFEFF", "").trim().toLowerCase(Locale.ROOT);
      if (normalized.equals(wanted)) {
        return header;
      }
    }
    if (requiredIn != null) {
      throw new InvalidInputException(
          "file", requiredIn + ": no 'email' column in the header line (expected email,name)");
    }
    return null;
  }
}
