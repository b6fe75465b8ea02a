package dev.tidings.cli;

import dev.tidings.InvalidInputException;
import dev.tidings.article.ArticleImporter;
import dev.tidings.article.ArticleStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tidings article import FILE...}: each file on its own; one bad file stops no other. */
@Command(name = "article", description = "Import articles.")
final class ArticleCommand {
  private final AppContext context;

  ArticleCommand(AppContext context) {
    this.context = context;
  }

  @Command(name = "import", description = "Import text, HTML or Markdown files as articles.")
  int importFiles(
      @Parameters(paramLabel = "FILE", arity = "1..*") List<Path> files,
      @Option(names = "--format", description = "text, html or markdown (default: by extension)")
          String format,
      @Option(names = "--title") String title,
      @Option(names = "--url", description = "The article's address; the same url updates")
          String url,
      @Option(names = "--published-at", description = "ISO date or date-time") String publishedAt,
      @Option(names = "--newsletter", description = "Only for this newsletter (default: all)")
          String slug,
      @Option(names = "--json") boolean json) {
    if (files.size() > 1 && (title != null || url != null)) {
      throw new InvalidInputException("url", "--title and --url apply to a single file");
    }
    ArticleImporter.Format chosen =
        format == null ? null : ArticleImporter.Format.parse("format", format);
    Long newsletterId = slug == null ? null : context.tidings().newsletters().bySlug(slug).id();
    ArticleStore store = context.tidings().articles();
    List<Map<String, Object>> stored = new ArrayList<>();
    int failures = 0;
    List<ArticleImporter.Outcome> outcomes =
        context
            .tidings()
            .articleImporter()
            .readAll(
                files, new ArticleImporter.Options(chosen, title, url, publishedAt, newsletterId));
    for (ArticleImporter.Outcome outcome : outcomes) {
      if (outcome.error() != null) {
        failures++;
        context.err().println("tidings: error: " + outcome.error().getMessage());
        continue;
      }
      ArticleStore.Saved saved = store.save(outcome.draft());
      stored.add(saved.article().summary());
      if (!json) {
        context
            .out()
            .println(
                (saved.created() ? "imported " : saved.changed() ? "updated " : "unchanged ")
                    + outcome.file()
                    + " as #"
                    + saved.article().id()
                    + ": "
                    + saved.article().title());
      }
    }
    if (json) {
      context.printJson(stored);
    }
    return failures == 0 ? 0 : 1;
  }
}
