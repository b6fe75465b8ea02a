package dev.tidings.cli;

import dev.tidings.article.Feed;
import dev.tidings.article.FeedPoller;
import dev.tidings.article.FeedStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tidings feed add|list|poll|remove}: RSS/Atom feeds whose items become articles ({@code
 * serve} polls them on a schedule; {@code poll} does it now).
 */
@Command(name = "feed", description = "Manage and poll RSS/Atom feeds.")
final class FeedCommand {
  private final AppContext context;

  FeedCommand(AppContext context) {
    this.context = context;
  }

  @Command(name = "add", description = "Add a feed; its items go to a newsletter (or to all).")
  void add(
      @Parameters(paramLabel = "URL") String url,
      @Option(names = "--newsletter", description = "Newsletter slug (default: all)") String slug,
      @Option(names = "--json") boolean json) {
    Long newsletterId = slug == null ? null : context.tidings().newsletters().bySlug(slug).id();
    Feed feed = context.tidings().feeds().add(url, newsletterId);
    if (json) {
      context.printJson(feed.view());
    } else {
      context.out().println("added feed #" + feed.id() + ": " + feed.url());
    }
  }

  @Command(name = "list", description = "List feeds with their poll state.")
  void list(@Option(names = "--json") boolean json) {
    List<Map<String, Object>> views = new ArrayList<>();
    for (Feed feed : context.tidings().feeds().all()) {
      views.add(feed.view());
      if (!json) {
        context
            .out()
            .printf(
                "#%d %s %s%s%n",
                feed.id(),
                feed.status(),
                feed.url(),
                feed.lastError() != null
                    ? " (" + feed.consecutiveFailures() + " failures: " + feed.lastError() + ")"
                    : feed.lastResult() == null ? "" : " (last poll: " + feed.lastResult() + ")");
      }
    }
    if (json) {
      context.printJson(views);
    }
  }

  @Command(name = "poll", description = "Poll feeds now (all, or the ids given).")
  int poll(
      @Parameters(paramLabel = "ID", arity = "0..*") List<Long> ids,
      @Option(names = "--json") boolean json) {
    FeedStore feeds = context.tidings().feeds();
    FeedPoller poller = context.tidings().feedPoller();
    List<Feed> chosen = new ArrayList<>();
    if (ids == null || ids.isEmpty()) {
      chosen.addAll(feeds.all());
    } else {
      for (long id : ids) {
        chosen.add(feeds.byId(id));
      }
    }
    List<Map<String, Object>> views = new ArrayList<>();
    int failed = 0;
    for (Feed feed : chosen) {
      FeedPoller.Result result = poller.poll(feed);
      failed += result.error() == null ? 0 : 1;
      views.add(result.view());
      if (json) {
        continue;
      }
      if (result.error() != null) {
        context
            .err()
            .println(
                "tidings: error: feed #" + feed.id() + " " + feed.url() + ": " + result.error());
      } else {
        context.out().printf("feed #%d %s: %s%n", feed.id(), feed.url(), result.summary());
        result.itemErrors().forEach(error -> context.err().println("tidings: warning: " + error));
      }
    }
    if (json) {
      context.printJson(views);
    }
    return failed == 0 ? 0 : 1;
  }

  @Command(name = "pause", description = "Stop polling a feed on the schedule.")
  void pause(@Parameters(paramLabel = "ID") long id) {
    Feed feed = context.tidings().feeds().setStatus(id, "paused");
    context.out().println("paused feed #" + feed.id() + " " + feed.url());
  }

  @Command(name = "resume", description = "Poll a paused feed on the schedule again, from now.")
  void resume(@Parameters(paramLabel = "ID") long id) {
    Feed feed = context.tidings().feeds().setStatus(id, "active");
    context.out().println("resumed feed #" + feed.id() + " " + feed.url());
  }

  @Command(name = "remove", description = "Remove a feed (its articles stay).")
  void remove(@Parameters(paramLabel = "ID") long id) {
    context.tidings().feeds().remove(id);
    context.out().println("removed feed #" + id);
  }
}
