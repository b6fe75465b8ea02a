package dev.tidings.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.tidings.app.Config;
import dev.tidings.app.ConfigSource;
import dev.tidings.app.Tidings;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What every command shares: the application graph, opened on first use and closed when the command
 * ends, and the JSON writer for {@code --json} output.
 */
public final class AppContext implements AutoCloseable {
  static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private final PrintWriter out;
  private final PrintWriter err;
  private final Supplier<Map<String, String>> variables;
  private final Clock clock;
  private Tidings tidings;

  /** A context configured from the environment and {@code .env}. */
  public AppContext(PrintWriter out) {
    this(out, new PrintWriter(System.err, true), ConfigSource::load);
  }

  /** A context with explicit configuration variables (tests, embedding). */
  public AppContext(PrintWriter out, PrintWriter err, Supplier<Map<String, String>> variables) {
    this(out, err, variables, Clock.systemUTC());
  }

  /** A context with explicit configuration variables and clock (tests that fix the time). */
  public AppContext(
      PrintWriter out, PrintWriter err, Supplier<Map<String, String>> variables, Clock clock) {
    this.out = out;
    this.err = err;
    this.variables = variables;
    this.clock = clock;
  }

  /** The application, opening the database on first use. */
  public synchronized Tidings tidings() {
    if (tidings == null) {
      tidings = Tidings.open(Config.from(variables.get()), clock);
    }
    return tidings;
  }

  PrintWriter out() {
    return out;
  }

  PrintWriter err() {
    return err;
  }

  void printJson(Object value) {
    try {
      out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value));
      out.flush();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    if (tidings != null) {
      tidings.close();
      tidings = null;
    }
  }
}
