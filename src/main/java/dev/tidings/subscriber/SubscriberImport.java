package dev.tidings.subscriber;

import dev.tidings.InvalidInputException;
import dev.tidings.OneLine;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Imports subscribers from a CSV file with the header {@code email,name} (name optional, other
 * columns ignored). Bad rows are reported with their line numbers and the good rows imported, in
 * chunks of {@value #CHUNK} rows per transaction so that 100,000 rows take seconds. Importing the
 * same file again updates names and changes nothing else.
 *
 * <p>The file is read twice. The first pass only parses it: a file that is not CSV, or not text in
 * its encoding (UTF-8 unless given), is refused whole, naming the line, and nothing is imported.
 * The second imports. A quoted field that runs across lines (a stray quote swallows the rows after
 * it) makes its row bad, reported with the lines it took; an address that comes again is counted
 * and reported, and its last row wins.
 */
public final class SubscriberImport {
  static final int CHUNK = 1000;

  /** Where commons-csv says it failed: "(line 4)" or "at line: 4, position: 70". */
  private static final Pattern LINE =
      Pattern.compile(" ?(?:\\(line (\\d+)\\)|at line: (\\d+)(?:, position: \\d+)?)");

  private final SubscriberStore store;

  public SubscriberImport(SubscriberStore store) {
    this.store = store;
  }

  /**
   * The outcome of one file: bad rows in {@code problems}, repeated addresses in {@code repeated}.
   */
  public record Report(
      int added, int updated, int suppressed, List<String> problems, List<String> repeated) {
    public int imported() {
      return added + updated;
    }
  }

  /** Imports {@code file}, a UTF-8 file named by its path. */
  public Report run(Path file, Long newsletterId, boolean confirmed) {
    return run(file, file.toString(), StandardCharsets.UTF_8, newsletterId, confirmed);
  }

  /**
   * Imports {@code file}, named {@code shown} in every message (an upload's own name, not the
   * temporary file it was saved to), read in {@code encoding}.
   *
   * @throws InvalidInputException when the file cannot be read, is not CSV or not text in its
   *     encoding (nothing is imported then), or has no email column
   */
  public Report run(
      Path file, String shown, Charset encoding, Long newsletterId, boolean confirmed) {
    checkEncoding(file, encoding, shown);
    try (CSVParser parser = parser(file, encoding, shown)) {
      column(parser, "email", shown);
      for (CSVRecord ignored : parser) {
        // the first pass only parses, so that a broken file is refused before anything is stored
      }
    } catch (java.io.UncheckedIOException | IllegalStateException e) {
      throw unreadable(shown, encoding, e);
    } catch (IOException e) {
      throw new InvalidInputException("file", shown + ": cannot be read: " + reason(e));
    }
    try (CSVParser parser = parser(file, encoding, shown)) {
      String emailColumn = column(parser, "email", shown);
      String nameColumn = column(parser, "name", null);
      return importRecords(
          parser, emailColumn, nameColumn, newsletterId, confirmed, file.getFileName().toString());
    } catch (java.io.UncheckedIOException | IllegalStateException e) {
      throw unreadable(shown, encoding, e);
    } catch (IOException e) {
      throw new InvalidInputException("file", shown + ": cannot be read: " + reason(e));
    }
  }

  /** Decodes the file line by line, so that text in another encoding is named by its line. */
  private static void checkEncoding(Path file, Charset encoding, String shown) {
    try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), 65_536)) {
      java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
      java.nio.charset.CharsetDecoder decoder =
          encoding
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT);
      long number = 1;
      for (int b = in.read(); ; b = in.read()) {
        if (b == '\n' || b < 0) {
          try {
            decoder.reset().decode(java.nio.ByteBuffer.wrap(line.toByteArray()));
          } catch (CharacterCodingException e) {
            throw notText(shown, encoding, number);
          }
          if (b < 0) {
            return;
          }
          line.reset();
          number++;
        } else {
          line.write(b);
        }
      }
    } catch (NoSuchFileException e) {
      throw new InvalidInputException("file", shown + ": no such file");
    } catch (IOException e) {
      throw new InvalidInputException("file", shown + ": cannot be read: " + reason(e));
    }
  }

  private static CSVParser parser(Path file, Charset encoding, String shown) throws IOException {
    try {
      Reader reader =
          new InputStreamReader(
              Files.newInputStream(file),
              encoding
                  .newDecoder()
                  .onMalformedInput(CodingErrorAction.REPORT)
                  .onUnmappableCharacter(CodingErrorAction.REPORT));
      return CSVFormat.DEFAULT
          .builder()
          .setHeader()
          .setSkipHeaderRecord(true)
          .setIgnoreEmptyLines(true)
          .setTrim(true)
          .get()
          .parse(reader);
    } catch (java.io.UncheckedIOException | IllegalArgumentException e) {
      throw new InvalidInputException(
          "file",
          shown + ": cannot be read as CSV at line 1: " + reason(e) + "; nothing was imported");
    }
  }

  /** A parse failure in the middle of the file, as one line naming where. */
  private static InvalidInputException unreadable(
      String shown, Charset encoding, RuntimeException e) {
    Throwable cause = e.getCause() == null ? e : e.getCause();
    Matcher line = LINE.matcher(String.valueOf(cause.getMessage()));
    long at =
        line.find() ? Long.parseLong(line.group(1) != null ? line.group(1) : line.group(2)) : 0;
    if (cause instanceof CharacterCodingException) {
      return notText(shown, encoding, at);
    }
    return new InvalidInputException(
        "file",
        shown
            + ": cannot be read as CSV"
            + (at > 0 ? " at line " + at : "")
            + ": "
            + LINE.matcher(reason(cause)).replaceAll("").trim()
            + "; nothing was imported");
  }

  private static InvalidInputException notText(String shown, Charset encoding, long line) {
    return new InvalidInputException(
        "file",
        shown
            + ": not "
            + encoding.name()
            + " text"
            + (line > 0 ? " (line " + line + ")" : "")
            + "; nothing was imported"
            + (encoding.equals(StandardCharsets.UTF_8)
                ? ": save it as UTF-8, or give its encoding (--encoding windows-1252)"
                : ""));
  }

  private static String reason(Throwable e) {
    return e.getMessage() == null ? "unreadable" : e.getMessage().split("\n")[0];
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
    List<String> repeated = new ArrayList<>();
    Map<String, Long> firstLine = new HashMap<>();
    Map<String, SubscriberStore.Entry> chunk = new LinkedHashMap<>();
    int added = 0;
    int updated = 0;
    int suppressed = 0;
    long end = parser.getCurrentLineNumber();
    for (CSVRecord record : parser) {
      long start = end + 1;
      end = parser.getCurrentLineNumber();
      long line = end;
      if (record.stream().anyMatch(value -> value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0)) {
        problems.add(
            "lines "
                + start
                + "-"
                + end
                + ": a quoted field runs across "
                + (end - start + 1)
                + " lines (a stray quote?); the row is left out");
        continue;
      }
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
        SubscriberStore.Entry entry = new SubscriberStore.Entry(email, cleanName(name));
        Long first = firstLine.putIfAbsent(email, line);
        if (first != null) {
          repeated.add("line " + line + ": " + email + " again (first on line " + first + ")");
        }
        chunk.put(email, entry);
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
        problems,
        repeated);
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

  private static String column(CSVParser parser, String wanted, String requiredIn) {
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
