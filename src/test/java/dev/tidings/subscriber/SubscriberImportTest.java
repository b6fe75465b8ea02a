package dev.tidings.subscriber;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidings.Harness;
import dev.tidings.InvalidInputException;
import dev.tidings.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CSV files as people produce them: stray quotes, broken quoting, repeats, other encodings. */
class SubscriberImportTest {
  private Harness harness;

  @BeforeEach
  void start() throws Exception {
    harness = Harness.start(TestDatabase.Kind.H2);
  }

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  /**
   * {@code q1@example.org,"Ada} and three rows later {@code Dan"}: before, "2 added, 0 bad", exit
   * 0, with q2-q4 inside q1's name. Now the row that took those lines is bad and named by them.
   */
  @Test
  void aStrayQuote_makesItsRowBad_withTheLinesItTook() throws Exception {
    Path csv =
        file(
            "email,name\nq0@example.org,Zed\nq1@example.org,\"Ada\nq2@example.org,Bob\n"
                + "q3@example.org,Cy\nq4@example.org,Dan\"\nq5@example.org,Eve\n");
    SubscriberImport.Report report = harness.tidings.subscriberImport().run(csv, null, true);
    assertThat(report.added()).isEqualTo(2);
    assertThat(report.problems())
        .containsExactly(
            "lines 3-6: a quoted field runs across 4 lines (a stray quote?); the row is left out");
    assertThat(harness.tidings.subscribers().findByEmail("q1@example.org")).isEmpty();
    assertThat(harness.tidings.subscribers().byEmail("q5@example.org").name()).isEqualTo("Eve");
  }

  /** A file that cannot be parsed is refused whole, by its own name and line, importing nothing. */
  @Test
  void aFileThatIsNotCsv_isRefusedWhole_namingTheLine() throws Exception {
    Path csv =
        file("email,name\nok1@example.org,Ann\nok2@example.org,Bo\nbad@example.org,\"x\"y\n");
    assertThatThrownBy(
            () ->
                harness
                    .tidings
                    .subscriberImport()
                    .run(csv, "people.csv", StandardCharsets.UTF_8, null, true))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("people.csv: cannot be read as CSV at line 4: ")
        .hasMessageEndingWith("; nothing was imported")
        .hasMessageNotContaining(csv.toString())
        .hasMessageNotContaining("Exception");
    assertThat(harness.tidings.subscribers().findByEmail("ok1@example.org")).isEmpty();
  }

  @Test
  void repeatedAddresses_areCountedAndReported_theLastRowWinning() throws Exception {
    Path csv = file("email,name\nann@example.org,Ann\nbo@example.org,Bo\nANN@example.org,Annie\n");
    SubscriberImport.Report report = harness.tidings.subscriberImport().run(csv, null, true);
    assertThat(report.added()).isEqualTo(2);
    assertThat(report.problems()).isEmpty();
    assertThat(report.repeated())
        .containsExactly("line 4: ann@example.org again (first on line 2)");
    assertThat(harness.tidings.subscribers().byEmail("ann@example.org").name()).isEqualTo("Annie");
  }

  /**
   * A Latin-1 file is refused with its first bad line (before: "not UTF-8 text", no line), and
   * imported when its encoding is given.
   */
  @Test
  void aFileInAnotherEncoding_isRefusedAtItsLine_orReadInTheGivenOne() throws Exception {
    Path csv = Files.createTempFile("latin1", ".csv");
    Files.write(
        csv,
        "email,name\nann@example.org,Ann\njose@example.org,José\n"
            .getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> harness.tidings.subscriberImport().run(csv, null, true))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("not UTF-8 text (line 3); nothing was imported")
        .hasMessageContaining("--encoding");
    assertThat(harness.tidings.subscribers().findByEmail("ann@example.org")).isEmpty();

    SubscriberImport.Report report =
        harness
            .tidings
            .subscriberImport()
            .run(csv, "latin1.csv", StandardCharsets.ISO_8859_1, null, true);
    assertThat(report.added()).isEqualTo(2);
    assertThat(harness.tidings.subscribers().byEmail("jose@example.org").name()).isEqualTo("José");
  }

  private static Path file(String content) throws Exception {
    Path csv = Files.createTempFile("subscribers", ".csv");
    Files.writeString(csv, content);
    return csv;
  }
}
