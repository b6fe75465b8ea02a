package dev.tidings.cli;

import dev.tidings.InvalidInputException;
import dev.tidings.subscriber.EmailAddress;
import dev.tidings.subscriber.SubscriberExport;
import dev.tidings.subscriber.SubscriberImport;
import dev.tidings.subscriber.SubscriberStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tidings subscriber add|import|export}. */
@Command(name = "subscriber", description = "Add, import and export subscribers.")
final class SubscriberCommand {
  private final AppContext context;

  SubscriberCommand(AppContext context) {
    this.context = context;
  }

  @Command(name = "add", description = "Add one subscriber (pending unless --confirmed).")
  void add(
      @Parameters(paramLabel = "EMAIL") String email,
      @Option(names = "--name") String name,
      @Option(names = "--newsletter", description = "Subscribe to this newsletter (slug)")
          String slug,
      @Option(names = "--confirmed", description = "The address is already confirmed")
          boolean confirmed,
      @Option(names = "--json") boolean json) {
    String normalized = EmailAddress.normalize(email);
    Long newsletterId = slug == null ? null : context.tidings().newsletters().bySlug(slug).id();
    SubscriberStore.Outcome outcome =
        context
            .tidings()
            .subscribers()
            .upsert(
                List.of(new SubscriberStore.Entry(normalized, cleanName(name))),
                newsletterId,
                confirmed,
                new SubscriberStore.Consent("cli", "tidings subscriber add"));
    if (!outcome.suppressed().isEmpty()) {
      throw new InvalidInputException(
          "email", normalized + " is on the suppression list (bounced, complained or erased)");
    }
    var subscriber = context.tidings().subscribers().byEmail(normalized);
    if (json) {
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("id", subscriber.id());
      view.put("email", subscriber.email());
      view.put("name", subscriber.name());
      view.put("status", subscriber.status().value());
      view.put("created", outcome.added() == 1);
      context.printJson(view);
    } else {
      context
          .out()
          .println(
              (outcome.added() == 1 ? "added " : "updated ")
                  + subscriber.email()
                  + " ("
                  + subscriber.status().value()
                  + ")");
    }
  }

  private static String cleanName(String name) {
    if (name != null && name.chars().anyMatch(c -> c == '\r' || c == '\n')) {
      throw new InvalidInputException("name", "the name must be a single line");
    }
    return name == null || name.isBlank() ? null : name.trim();
  }

  @Command(name = "import", description = "Import subscribers from a CSV file (header email,name).")
  int importCsv(
      @Parameters(paramLabel = "FILE.csv") Path file,
      @Option(names = "--newsletter", description = "Subscribe them to this newsletter (slug)")
          String slug,
      @Option(names = "--confirmed", description = "The addresses are already confirmed")
          boolean confirmed,
      @Option(
              names = "--encoding",
              defaultValue = "UTF-8",
              description = "The file's character set, e.g. windows-1252 (default UTF-8)")
          String encoding,
      @Option(names = "--json") boolean json) {
    Long newsletterId = slug == null ? null : context.tidings().newsletters().bySlug(slug).id();
    java.nio.charset.Charset charset;
    try {
      charset = java.nio.charset.Charset.forName(encoding);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("encoding", "unknown character set '" + encoding + "'");
    }
    long started = System.nanoTime();
    SubscriberImport.Report report =
        context
            .tidings()
            .subscriberImport()
            .run(file, file.toString(), charset, newsletterId, confirmed);
    double seconds = (System.nanoTime() - started) / 1e9;
    if (json) {
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("added", report.added());
      view.put("updated", report.updated());
      view.put("suppressed", report.suppressed());
      view.put("errors", report.problems());
      view.put("repeated", report.repeated());
      context.printJson(view);
    } else {
      for (String problem : report.problems()) {
        context.err().println(file + ": " + problem);
      }
      for (String again : report.repeated()) {
        context.err().println(file + ": " + again);
      }
      context
          .out()
          .printf(
              "%s: %d added, %d updated, %d suppressed, %d bad row(s), %d repeated address(es)"
                  + " in %.1fs%n",
              file,
              report.added(),
              report.updated(),
              report.suppressed(),
              report.problems().size(),
              report.repeated().size(),
              seconds);
    }
    return report.problems().isEmpty() ? 0 : 1;
  }

  @Command(name = "export", description = "Write subscribers as CSV (to stdout or --output).")
  void export(
      @Option(names = "--newsletter", description = "Only this newsletter's subscribers")
          String slug,
      @Option(names = "--output", description = "File to write instead of stdout") Path output)
      throws IOException {
    Long newsletterId = slug == null ? null : context.tidings().newsletters().bySlug(slug).id();
    Writer writer =
        output == null ? context.out() : Files.newBufferedWriter(output, StandardCharsets.UTF_8);
    try {
      new SubscriberExport(context.tidings().subscribers()).writeCsv(newsletterId, writer);
    } finally {
      if (writer instanceof PrintWriter) {
        ((PrintWriter) writer).flush();
      }
    }
  }
}
