package dev.tidings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.TestCli.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The command line as an operator uses it, on MariaDB: results on stdout, one-line errors. */
@Tag("mariadb")
class CliTest {
  private TestCli cli;

  @BeforeEach
  void start() throws Exception {
    cli = TestCli.start();
  }

  @AfterEach
  void stop() throws Exception {
    cli.close();
  }

  private Run run(String... args) {
    return cli.run(args);
  }

  @Test
  void manualSend_withWaitAndJson_deliversAndReportsCounts() throws Exception {
    assertThat(
            run(
                    "newsletter",
                    "add",
                    "--slug",
                    "weekly",
                    "--name",
                    "Weekly",
                    "--cron",
                    "0 8 * * 1",
                    "--zone",
                    "Europe/Berlin",
                    "--from",
                    "news@example.com")
                .code())
        .isZero();
    assertThat(
            run(
                    "subscriber",
                    "add",
                    "ann@example.com",
                    "--name",
                    "Ann",
                    "--newsletter",
                    "weekly",
                    "--confirmed")
                .code())
        .isZero();
    Path article = Files.createTempFile("article", ".txt");
    Files.writeString(article, "Bridges reopen\n\nThe old bridge opens again on Monday.\n");
    Run imported =
        run(
            "article",
            "import",
            article.toString(),
            "--url",
            "https://example.com/bridges",
            "--json");
    assertThat(imported.code()).isZero();
    assertThat(imported.out())
        .contains("\"title\" : \"Bridges reopen\"")
        .contains("\"reading_minutes\" : 1");

    Run preview = run("edition", "preview", "--newsletter", "weekly", "--format", "text");
    assertThat(preview.out()).contains("Bridges reopen").contains("/unsubscribe/");

    Run send = run("edition", "send", "--newsletter", "weekly", "--wait", "--json");
    assertThat(send.code()).as(send.err()).isZero();
    assertThat(send.out())
        .contains("\"status\" : \"sent\"")
        .contains("\"sent\" : 1")
        .contains("\"failed\" : 0");
    assertThat(cli.smtp.getReceivedMessages()).hasSize(1);

    Run again = run("edition", "send", "--newsletter", "weekly", "--json");
    assertThat(again.out()).contains("\"status\" : \"skipped\"");
    assertThat(run("edition", "status", "1").out()).contains("sent 1, failed 0");
  }

  @Test
  void badInput_givesOneLineErrorNamingIt_andNonZeroExit() throws Exception {
    Run unknown = run("edition", "send", "--newsletter", "nope");
    assertThat(unknown.code()).isEqualTo(1);
    assertThat(unknown.err().trim()).isEqualTo("tidings: error: unknown newsletter 'nope'");

    Run cron =
        run(
            "newsletter",
            "add",
            "--slug",
            "x",
            "--name",
            "X",
            "--cron",
            "61 * * * *",
            "--from",
            "news@example.com");
    assertThat(cron.code()).isEqualTo(1);
    assertThat(cron.err()).contains("invalid cron expression '61 * * * *'").hasLineCount(1);

    Run zone =
        run(
            "newsletter",
            "add",
            "--slug",
            "x",
            "--name",
            "X",
            "--cron",
            "0 8 * * *",
            "--zone",
            "Mars/Olympus",
            "--from",
            "news@example.com");
    assertThat(zone.err()).contains("unknown time zone 'Mars/Olympus'").hasLineCount(1);

    Run email = run("subscriber", "add", "not an address");
    assertThat(email.code()).isEqualTo(1);
    assertThat(email.err()).contains("invalid email address 'not an address'");

    Run file = run("article", "import", "/no/such/file.txt");
    assertThat(file.code()).isEqualTo(1);
    assertThat(file.err()).contains("/no/such/file.txt: no such file");

    cli.variables.put("TIDINGS_SMTP_CONNECTIONS", "many");
    Run config = run("newsletter", "list");
    assertThat(config.code()).isEqualTo(1);
    assertThat(config.err()).contains("TIDINGS_SMTP_CONNECTIONS must be a whole number");
  }

  @Test
  void sendWait_withTheRelayDown_failsAtOnceNamingIt() throws Exception {
    run(
        "newsletter",
        "add",
        "--slug",
        "weekly",
        "--name",
        "Weekly",
        "--cron",
        "0 8 * * 1",
        "--from",
        "news@example.com");
    run("subscriber", "add", "ann@example.com", "--newsletter", "weekly", "--confirmed");
    Path article = Files.createTempFile("article", ".txt");
    Files.writeString(article, "Bridges reopen\n\nThe old bridge opens again on Monday.\n");
    run("article", "import", article.toString());
    cli.variables.put("TIDINGS_SMTP_PORT", "1");
    Run send = run("edition", "send", "--newsletter", "weekly", "--wait");
    assertThat(send.code()).isEqualTo(1);
    assertThat(send.err())
        .contains("cannot connect to SMTP 127.0.0.1:1")
        .contains("stays queued")
        .hasLineCount(1);
  }

  @Test
  void unreachableDatabase_isNamedInOneLine() {
    cli.variables.put("TIDINGS_DB_URL", "jdbc:mysql://127.0.0.1:1/none?connectTimeout=2000");
    Run run = run("newsletter", "list");
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err())
        .startsWith("tidings: error: cannot connect to the database at")
        .hasLineCount(1);
  }
}
