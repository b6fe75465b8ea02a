package dev.tidings.app;

import dev.tidings.article.ArticleCatalog;
import dev.tidings.db.Database;
import dev.tidings.db.Jdbc;
import dev.tidings.delivery.OneOffSender;
import dev.tidings.edition.EditionPreview;
import dev.tidings.edition.EditionReports;
import dev.tidings.editor.Editor;
import dev.tidings.editor.EditorStore;
import dev.tidings.subscriber.Signups;
import dev.tidings.subscriber.SubscriberDirectory;
import dev.tidings.subscriber.SubscriberStats;
import dev.tidings.web.ArticleApiRoutes;
import dev.tidings.web.WebServer;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the HTTP server of {@code tidings serve} from the application's parts: the public pages,
 * the editors' pages, the API, {@code /health} with its checks and {@code /metrics}. The one place
 * that knows what the web side is given.
 */
final class WebWiring {
  private static final Logger LOG = LoggerFactory.getLogger(WebWiring.class);

  private WebWiring() {}

  /**
   * A web server (not yet started) on the configured host and port.
   *
   * @param wakeDelivery called after a change that gives the delivery engine work
   */
  static WebServer build(
      Tidings tidings, ServiceMetrics metrics, String secret, Runnable wakeDelivery) {
    Config config = tidings.config();
    return new WebServer(
        config.httpHost(),
        config.httpPort(),
        new WebServer.Parts(
            tidings.templates(),
            tidings.links(),
            tidings.subscribers(),
            tidings.newsletters(),
            tidings.editions(),
            tidings.catcher(),
            metrics.registry(),
            List.of(
                new WebServer.Check("database", () -> databaseProblem(tidings.database())),
                new WebServer.Check("smtp", tidings::relayHealth, tidings::relayReport)),
            metrics::refreshQueueDepth,
            new ArticleApiRoutes(
                tidings.articleImporter(), tidings.articles(), tidings.newsletters()),
            editors(tidings, secret, wakeDelivery)));
  }

  /** What the sign-up, the editors' pages and the API are given. */
  private static WebServer.Editors editors(Tidings tidings, String secret, Runnable wakeDelivery) {
    Database database = tidings.database();
    Clock clock = tidings.clock();
    return new WebServer.Editors(
        tidings.editors(),
        tidings.apiTokens(),
        new Signups(database, tidings.subscribers(), clock),
        tidings.articles(),
        tidings.articleImporter(),
        tidings.feeds(),
        tidings.feedPoller(),
        tidings.subscriberImport(),
        new EditionReports(database, clock),
        new SubscriberStats(database, clock),
        new SubscriberDirectory(database, clock),
        new ArticleCatalog(database, clock),
        new EditionPreview(tidings.planner(), tidings.renderer(), clock),
        tidings.planner(),
        tidings.renderer(),
        tidings.digestMessages(),
        tidings.composer(),
        new OneOffSender(tidings.relays()),
        tidings::relayTrouble,
        wakeDelivery,
        tidings::syncSchedules,
        clock,
        secret,
        tidings.config().web());
  }

  /**
   * Creates the first editor (an admin) from TIDINGS_ADMIN_EMAIL and TIDINGS_ADMIN_PASSWORD when
   * there is no editor yet; later starts leave the editors alone.
   */
  static void bootstrapAdmin(EditorStore editors, WebConfig web) {
    if (web.adminEmail().isEmpty() || editors.count() > 0) {
      return;
    }
    editors.add(web.adminEmail().get(), null, web.adminPassword().orElseThrow(), Editor.Role.ADMIN);
    LOG.info(
        "created the first editor {} (admin) from TIDINGS_ADMIN_EMAIL", web.adminEmail().get());
  }

  /** Null when the database answers, else its problem. */
  private static String databaseProblem(Database database) {
    try {
      database.read(connection -> Jdbc.count(connection, database.sql("ping")));
      return null;
    } catch (RuntimeException e) {
      return e.getMessage();
    }
  }
}
