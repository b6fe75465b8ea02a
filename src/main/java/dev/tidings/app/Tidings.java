package dev.tidings.app;

import dev.tidings.article.ArticleImporter;
import dev.tidings.article.ArticleStore;
import dev.tidings.article.FeedPoller;
import dev.tidings.article.FeedStore;
import dev.tidings.db.Database;
import dev.tidings.db.Migrations;
import dev.tidings.delivery.BounceMailbox;
import dev.tidings.delivery.Bounces;
import dev.tidings.delivery.DeliveryEngine;
import dev.tidings.delivery.DigestMessages;
import dev.tidings.delivery.MailCatcher;
import dev.tidings.delivery.MessageComposer;
import dev.tidings.delivery.Relay;
import dev.tidings.delivery.RelayStatuses;
import dev.tidings.delivery.RelayWatch;
import dev.tidings.edition.EditionFanout;
import dev.tidings.edition.EditionPlanner;
import dev.tidings.edition.EditionRenderer;
import dev.tidings.edition.EditionStore;
import dev.tidings.edition.Templates;
import dev.tidings.editor.ApiTokens;
import dev.tidings.editor.EditorStore;
import dev.tidings.newsletter.NewsletterStore;
import dev.tidings.subscriber.Links;
import dev.tidings.subscriber.SubscriberImport;
import dev.tidings.subscriber.SubscriberStore;
import dev.tidings.subscriber.Tokens;
import dev.tidings.web.WebServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that builds the object graph from {@link Config}: database, stores, renderer,
 * planner, delivery engine, scheduler and web server, in that order (like a chain of init steps).
 * The database part is built at once; the mail part ({@link DeliveryWiring}) and the serving parts
 * ({@link ScheduleWiring}, {@link WebWiring}) on first use, so a CLI command only opens what it
 * needs.
 */
public final class Tidings implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Tidings.class);

  private final Config config;
  private final Clock clock;
  private final Database database;
  private final NewsletterStore newsletters;
  private final SubscriberStore subscribers;
  private final ArticleStore articles;
  private final EditionStore editions;
  private final ServiceMetrics metrics;
  private final Templates templates;
  private final EditionRenderer renderer;
  private final EditionPlanner planner;
  private final Links links;
  private final String secret;
  private final EditorStore editors;
  private final ApiTokens apiTokens;
  private final DeliveryWiring delivery;
  private final ScheduleWiring schedules = new ScheduleWiring();
  private WebServer web;
  private RelayWatch relayWatch;

  private Tidings(Config config, Clock clock, Database database) {
    this.config = config;
    this.clock = clock;
    this.database = database;
    this.templates = new Templates(config.templatesDir(), clock);
    this.secret = SigningSecret.of(config);
    this.links = new Links(config.baseUrl(), new Tokens(secret));
    this.renderer =
        new EditionRenderer(
            templates, config.postalAddress(), config.digest().htmlLimit(), linkBounds(links));
    this.newsletters = new NewsletterStore(database, clock, renderer::check);
    this.subscribers = new SubscriberStore(database, clock);
    this.articles = new ArticleStore(database, clock);
    this.editions = new EditionStore(database);
    this.metrics = new ServiceMetrics(editions);
    MessageComposer composer = DeliveryWiring.composer(config);
    EditionFanout fanout = new EditionFanout(database, clock, config.delivery().fanoutChunk());
    this.planner = new EditionPlanner(database, renderer, editions, fanout, clock);
    this.editors = new EditorStore(database, clock);
    this.apiTokens = new ApiTokens(database, clock);
    this.delivery =
        new DeliveryWiring(
            config,
            clock,
            new DeliveryWiring.Parts(
                database,
                fanout,
                editions,
                newsletters,
                renderer,
                links,
                composer,
                metrics.registry()));
  }

  /** The longest links this service signs, which the renderer's size guard keeps room for. */
  private static EditionRenderer.LinkBounds linkBounds(Links links) {
    long largest = EditionRenderer.LARGEST_ID;
    return new EditionRenderer.LinkBounds(
        links.unsubscribe(largest, largest),
        links.preferences(largest),
        links.archivedEdition("a".repeat(EditionRenderer.SLUG_LENGTH), largest),
        links.archive());
  }

  /**
   * Opens the database, applies migrations and checks every named query. The data folder, when
   * used, is made private to its owner first, and again once the embedded database has made its
   * lock file.
   */
  public static Tidings open(Config config, Clock clock) {
    DatabaseConfig settings = config.database();
    boolean embedded = settings.url().isEmpty();
    if (embedded || Files.isDirectory(config.dataDir())) {
      DataFolder.secure(config.dataDir());
    }
    Database database =
        Database.open(
            settings.url().orElse(null),
            settings.user(),
            embedded
                ? DataFolder.secret(
                    config.dataDir().resolve("database-password"), "embedded database password")
                : settings.password(),
            settings.poolSize(),
            config.dataDir());
    if (embedded) {
      DataFolder.secure(config.dataDir());
    }
    try {
      int applied = Migrations.migrate(database);
      if (applied > 0) {
        LOG.info("applied {} database migration(s)", applied);
      }
      database.verifyQueries();
      return new Tidings(config, clock, database);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  public Config config() {
    return config;
  }

  public Clock clock() {
    return clock;
  }

  public Database database() {
    return database;
  }

  public NewsletterStore newsletters() {
    return newsletters;
  }

  public SubscriberStore subscribers() {
    return subscribers;
  }

  public SubscriberImport subscriberImport() {
    return new SubscriberImport(subscribers);
  }

  public ArticleStore articles() {
    return articles;
  }

  public ArticleImporter articleImporter() {
    return new ArticleImporter(config.ingest().excerptLength());
  }

  public FeedStore feeds() {
    return new FeedStore(database, clock);
  }

  /** Polls RSS/Atom feeds into articles, with the TIDINGS_FEED_* settings. */
  public FeedPoller feedPoller() {
    return new FeedPoller(
        feeds(), articles, articleImporter(), clock, config.ingest().pollerSettings());
  }

  public EditionStore editions() {
    return editions;
  }

  Templates templates() {
    return templates;
  }

  public EditionRenderer renderer() {
    return renderer;
  }

  public EditionPlanner planner() {
    return planner;
  }

  public Links links() {
    return links;
  }

  /** Editors, their passwords and sessions. */
  public EditorStore editors() {
    return editors;
  }

  /** Bearer tokens of the REST API. */
  public ApiTokens apiTokens() {
    return apiTokens;
  }

  /**
   * Creates the first editor (an admin) from TIDINGS_ADMIN_EMAIL and TIDINGS_ADMIN_PASSWORD when
   * there is no editor yet; later starts leave the editors alone.
   */
  public synchronized void bootstrapAdmin() {
    WebWiring.bootstrapAdmin(editors, config.web());
  }

  public MessageComposer composer() {
    return delivery.composer();
  }

  public DigestMessages digestMessages() {
    return delivery.digestMessages();
  }

  /** VERP envelope senders and the reading of bounce reports. */
  public Bounces bounces() {
    return delivery.bounces();
  }

  /** The bounce mailbox, when TIDINGS_BOUNCE_HOST is set. */
  public Optional<BounceMailbox> bounceMailbox() {
    return delivery.bounceMailbox();
  }

  public PrometheusMeterRegistry metrics() {
    return metrics.registry();
  }

  /**
   * The relays: those configured (TIDINGS_RELAYS_FILE or TIDINGS_SMTP_*), or the built-in catcher
   * on loopback. Built once, so rate limits and throttles are shared by every worker.
   */
  public synchronized List<Relay> relays() {
    return delivery.relays();
  }

  /** The recorded state of every relay (engine reports and background checks). */
  public synchronized RelayStatuses relayStatuses() {
    return delivery.relayStatuses();
  }

  /**
   * Null when some relay accepts a connection, else the problem of each. Opens a session to each
   * relay: for a command about to send, not for /health ({@link #relayHealth}).
   */
  public synchronized String relayProblem() {
    return delivery.relayProblem();
  }

  /**
   * Null when some configured relay was last seen taking mail or connections, else what each one's
   * recorded state is; from {@code relay_status} only, opening no SMTP session.
   */
  public String relayHealth() {
    return relayStatuses().problem(relays(), clock.instant());
  }

  /** Null unless every relay was last recorded with a problem: what the pages warn about. */
  public String relayTrouble() {
    return relayStatuses().trouble(relays(), clock.instant());
  }

  /** Each configured relay's recorded state, for /health: what, why, and how long ago. */
  public List<java.util.Map<String, Object>> relayReport() {
    return relayStatuses().report(relays(), clock.instant());
  }

  /**
   * In the embedded default, makes sure a mail catcher listens: the one of a running {@code tidings
   * serve}, or else one in this process. Returns the catcher this process started, if any.
   */
  public synchronized MailCatcher ensureCatcher() {
    return delivery.ensureCatcher();
  }

  public synchronized DeliveryEngine engine() {
    return delivery.engine();
  }

  /** Starts the scheduler, the delivery workers and the HTTP server; returns once they run. */
  public synchronized void serve() {
    bootstrapAdmin();
    DeliveryEngine deliveries = engine();
    deliveries.start();
    relayWatch = new RelayWatch(relays(), relayStatuses(), config.smtp().checkInterval()).start();
    if (config.schedulerEnabled()) {
      schedules.start(this, deliveries::wake);
    }
    startWeb(deliveries::wake);
  }

  /**
   * Starts only the HTTP server, with no delivery workers and no schedules in this process (another
   * process delivers); the tests of the pages use it to keep editions where they put them.
   */
  public synchronized void serveWebOnly() {
    bootstrapAdmin();
    startWeb(() -> {});
  }

  private void startWeb(Runnable wakeDelivery) {
    web = WebWiring.build(this, metrics, secret, wakeDelivery);
    web.start();
  }

  /** Re-reads newsletters into the schedule (new, changed or disabled ones). */
  public synchronized void syncSchedules() {
    schedules.sync();
  }

  /** The routes of the running web server (tests and the route listing). */
  public synchronized java.util.List<String> httpRoutes() {
    if (web == null) {
      throw new IllegalStateException("the web server is not running");
    }
    return web.routes();
  }

  public synchronized int httpPort() {
    return web == null ? -1 : web.port();
  }

  public synchronized MailCatcher catcher() {
    return delivery.catcher();
  }

  /** Stops serving in order: no new editions, finish or hand back sends, then the rest. */
  @Override
  public synchronized void close() {
    schedules.close();
    if (relayWatch != null) {
      relayWatch.close();
    }
    delivery.stopEngine();
    if (web != null) {
      web.close();
    }
    delivery.closeCatcher();
    database.close();
  }
}
