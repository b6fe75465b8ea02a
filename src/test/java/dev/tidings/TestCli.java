package dev.tidings;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.tidings.cli.AppContext;
import dev.tidings.cli.TidingsCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code tidings} command line run in-process as an operator runs it, on a fresh MariaDB
 * database, mailing to an in-process GreenMail server (or, {@link #withoutMail()}, to a port where
 * nothing listens). Each run opens and closes its own application with the {@link #variables} of
 * that moment, so a test may change them between runs. Close it after each test.
 */
public final class TestCli implements AutoCloseable {
  /**
   * What one command returned and printed; {@code stdout} only from {@link #runCapturingStdout}.
   */
  public record Run(int code, String out, String err, byte[] stdout) {}

  public final TestDatabase database;

  /** The SMTP server the commands mail to; null {@link #withoutMail()}. */
  public final GreenMail smtp;

  /** The configuration of the next run: the database, SMTP, a secret and the templates. */
  public final Map<String, String> variables;

  /** The commands' clock: the system's, unless a test fixes it with {@link #useClock}. */
  private java.time.Clock clock = java.time.Clock.systemUTC();

  private TestCli(TestDatabase database, GreenMail smtp, int smtpPort) {
    this.database = database;
    this.smtp = smtp;
    this.variables = new HashMap<>(database.variables());
    variables.put("TIDINGS_SMTP_HOST", "127.0.0.1");
    variables.put("TIDINGS_SMTP_PORT", String.valueOf(smtpPort));
    variables.put("TIDINGS_SECRET", "cli-test-secret-0123456789");
    variables.put("TIDINGS_TEMPLATES_DIR", Path.of("templates").toAbsolutePath().toString());
  }

  /** A command line whose mail reaches {@link #smtp}. */
  public static TestCli start() throws Exception {
    TestDatabase database = TestDatabase.create(TestDatabase.Kind.MARIADB);
    GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    return new TestCli(database, smtp, smtp.getSmtp().getPort());
  }

  /** A command line for commands that send no mail (its SMTP relay is port 2525, unused). */
  public static TestCli withoutMail() throws Exception {
    return new TestCli(TestDatabase.create(TestDatabase.Kind.MARIADB), null, 2525);
  }

  /**
   * Runs every later command on {@code fixed}, for tests whose outcome must not depend on today.
   */
  public void useClock(java.time.Clock fixed) {
    this.clock = fixed;
  }

  /** Runs {@code tidings ARGS}. */
  public Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    try (AppContext context =
        new AppContext(
            new PrintWriter(out, true), new PrintWriter(err, true), () -> variables, clock)) {
      int code = TidingsCommand.execute(args, context);
      return new Run(code, out.toString(), err.toString(), new byte[0]);
    }
  }

  /** Runs {@code tidings ARGS}, keeping what it writes to {@code System.out} as bytes. */
  public Run runCapturingStdout(String... args) {
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
    try {
      Run run = run(args);
      return new Run(run.code(), run.out(), run.err(), stdout.toByteArray());
    } finally {
      System.setOut(original);
    }
  }

  @Override
  public void close() throws Exception {
    try {
      if (smtp != null) {
        smtp.stop();
      }
    } finally {
      database.close();
    }
  }
}
