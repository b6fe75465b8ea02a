package dev.tidings.app;

import dev.tidings.article.ArticleCatalog;
import dev.tidings.article.ArticleImporter;
import dev.tidings.article.ArticleStore;
import dev.tidings.article.FeedPoller;
import dev.tidings.article.FeedStore;
import dev.tidings.db.Database;
import dev.tidings.db.Jdbc;
import dev.tidings.db.Migrations;
import dev.tidings.delivery.BounceMailbox;
import dev.tidings.delivery.Bounces;
import dev.tidings.delivery.DeliveryEngine;
import dev.tidings.delivery.DigestMessages;
import dev.tidings.delivery.DkimSigner;
import dev.tidings.delivery.JdbcDeliveryStore;
import dev.tidings.delivery.MailCatcher;
import dev.tidings.delivery.MessageComposer;
import dev.tidings.delivery.OneOffSender;
import dev.tidings.delivery.Relay;
import dev.tidings.delivery.RetryPolicy;
import dev.tidings.delivery.SmtpMailer;
import dev.tidings.edition.EditionFanout;
import dev.tidings.edition.EditionPlanner;
import dev.tidings.edition.EditionPreview;
import dev.tidings.edition.EditionRenderer;
import dev.tidings.edition.EditionReports;
import dev.tidings.edition.EditionStore;
import dev.tidings.edition.Templates;
import dev.tidings.editor.ApiTokens;
import dev.tidings.editor.Editor;
import dev.tidings.editor.EditorStore;
import dev.tidings.newsletter.NewsletterStore;
import dev.tidings.schedule.Schedules;
import dev.tidings.subscriber.Links;
import dev.tidings.subscriber.Signups;
import dev.tidings.subscriber.SubscriberDirectory;
import dev.tidings.subscriber.SubscriberImport;
import dev.tidings.subscriber.SubscriberStats;
import dev.tidings.subscriber.SubscriberStore;
import dev.tidings.subscriber.Tokens;
import dev.tidings.web.ArticleApiRoutes;
import dev.tidings.web.WebServer;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that builds the object graph from {@link Config}: database, stores, renderer,
 * planner, delivery engine, scheduler and web server, in that order (like a chain of init steps).
 * The database part is built at once; the mail and serving parts on first use, so a CLI command
 * only opens what it needs.
 */
public final class Tidings implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Tidings.class);

  private final Config config;
  private final Clock clock;
  private final Database database;
  private final PrometheusMeterRegistry metrics =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final NewsletterStore newsletters;
  private final SubscriberStore subscribers;
  private final ArticleStore articles;
  private final EditionStore editions;
  private final Templates templates;
  private final EditionRenderer renderer;
  private final EditionPlanner planner;
  private final EditionFanout fanout;
  private final Links links;
  private final String secret;
  private final EditorStore editors;
  private final ApiTokens apiTokens;
  private final MessageComposer composer;
  private final MultiGauge queueDepth =
      MultiGauge.builder("tidings.edition.deliveries")
          .description("Delivery rows of sending and paused editions, by status")
          .register(metrics);
  private MailCatcher catcher;
  private DeliveryEngine engine;
  private List<Relay> relays;
  private Schedules schedules;
  private WebServer web;

  private Tidings(Config config, Clock clock, Database database) {
    this.config = config;
    this.clock = clock;
    this.database = database;
    this.newsletters = new NewsletterStore(database, clock);
    this.subscribers = new SubscriberStore(database, clock);
    this.articles = new ArticleStore(database, clock);
    this.editions = new EditionStore(database);
    this.templates = new Templates(config.templatesDir(), clock);
    this.renderer =
        new EditionRenderer(templates, config.postalAddress(), config.digest().htmlLimit());
    this.composer =
        new MessageComposer(
            config
                .digest()
                .dkimSettings()
                .map(dkim -> DkimSigner.load(dkim.domain(), dkim.selector(), dkim.keyFile()))
                .orElse(null));
    this.fanout = new EditionFanout(database, clock, config.delivery().fanoutChunk());
    this.planner = new EditionPlanner(database, renderer, editions, fanout, clock);
    this.secret = secret(config);
    this.links = new Links(config.baseUrl(), new Tokens(secret));
    this.editors = new EditorStore(database, clock);
    this.apiTokens = new ApiTokens(database, clock);
  }

  /** Opens the database, applies migrations and checks every named query. */
  public static Tidings open(Config config, Clock clock) {
    Database database =
        Database.open(
            config.database().url().orElse(null),
            config.database().user(),
            config.database().password(),
            config.database().poolSize(),
            config.dataDir());
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
    IngestConfig ingest = config.ingest();
    return new FeedPoller(
        feeds(),
        articles,
        articleImporter(),
        clock,
        new FeedPoller.Settings(
            ingest.feedInterval(),
            ingest.feedTimeout(),
            ingest.feedMaxAge(),
            ingest.feedBackoffMax(),
            ingest.feedFailingAfter()));
  }

  public EditionStore editions() {
    return editions;
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
    WebConfig web = config.web();
    if (web.adminEmail().isEmpty() || editors.count() > 0) {
      return;
    }
    editors.add(web.adminEmail().get(), null, web.adminPassword().orElseThrow(), Editor.Role.ADMIN);
    LOG.info(
        "created the first editor {} (admin) from TIDINGS_ADMIN_EMAIL", web.adminEmail().get());
  }

  public MessageComposer composer() {
    return composer;
  }

  public DigestMessages digestMessages() {
    return new DigestMessages(editions, newsletters, renderer, composer, links, bounces(), clock);
  }

  /** VERP envelope senders and the reading of bounce reports. */
  public Bounces bounces() {
    return new Bounces(
        database,
        links.tokens(),
        config.bounces().address().orElse(null),
        config.bounces().hardLimit(),
        clock);
  }

  /** The bounce mailbox, when TIDINGS_BOUNCE_HOST is set. */
  public Optional<BounceMailbox> bounceMailbox() {
    return config
        .bounces()
        .mailboxSettings()
        .map(
            box ->
                new BounceMailbox(
                    box.protocol(),
                    box.host(),
                    box.port(),
                    box.user(),
                    box.password(),
                    box.folder(),
                    config.smtp().timeout(),
                    bounces()));
  }

  public PrometheusMeterRegistry metrics() {
    return metrics;
  }

  /**
   * The relays: those configured (TIDINGS_RELAYS_FILE or TIDINGS_SMTP_*), or the built-in catcher
   * on loopback. Built once, so rate limits and throttles are shared by every worker.
   */
  public synchronized List<Relay> relays() {
    if (relays == null) {
      List<Relay> built = new ArrayList<>();
      if (config.embeddedCatcher()) {
        built.add(
            new Relay(
                "catcher",
                new SmtpMailer(
                    "127.0.0.1",
                    config.smtp().catcherPort(),
                    null,
                    null,
                    SmtpMailer.Security.NONE,
                    config.smtp().timeout()),
                1,
                Relay.Limits.NONE,
                config.smtp().throttleAfter()));
      }
      for (RelayConfig relay : config.smtp().relays()) {
        built.add(
            new Relay(
                relay.name(),
                new SmtpMailer(
                    relay.host(),
                    relay.port(),
                    relay.user(),
                    relay.password(),
                    SmtpMailer.Security.valueOf(relay.tls().name()),
                    config.smtp().timeout()),
                relay.weight(),
                new Relay.Limits(relay.perSecond(), relay.perHour(), relay.perDay()),
                config.smtp().throttleAfter()));
      }
      relays = List.copyOf(built);
    }
    return relays;
  }

  /** Null when some relay accepts a connection, else the problem of each. */
  public String relayProblem() {
    List<String> problems = new ArrayList<>();
    for (Relay relay : relays()) {
      try {
        relay.mailer().open().close();
        return null;
      } catch (RuntimeException e) {
        problems.add(e.getMessage());
      }
    }
    return String.join("; ", problems);
  }

  /**
   * In the embedded default, makes sure a mail catcher listens: the one of a running {@code tidings
   * serve}, or else one in this process. Returns the catcher this process started, if any.
   */
  public synchronized MailCatcher ensureCatcher() {
    if (!config.embeddedCatcher() || catcher != null) {
      return catcher;
    }
    if (!listening(config.smtp().catcherPort())) {
      catcher = MailCatcher.start(config.smtp().catcherPort());
    }
    return catcher;
  }

  public synchronized DeliveryEngine engine() {
    if (engine == null) {
      ensureCatcher();
      DeliveryEngine.Settings settings =
          new DeliveryEngine.Settings(
              config.smtp().connections(),
              config.delivery().batch(),
              config.delivery().lease(),
              config.delivery().inflight(),
              config.smtp().messagesPerConnection(),
              new RetryPolicy(config.delivery().retryBase(), config.delivery().maxAttempts()));
      engine =
          new DeliveryEngine(
              new JdbcDeliveryStore(database, fanout, config.bounces().hardLimit()),
              relays(),
              digestMessages(),
              clock,
              settings,
              metrics);
    }
    return engine;
  }

  /** Starts the scheduler, the delivery workers and the HTTP server; returns once they run. */
  public synchronized void serve() {
    bootstrapAdmin();
    DeliveryEngine deliveries = engine();
    deliveries.start();
    if (config.schedulerEnabled()) {
      schedules =
          new Schedules(
              database,
              newsletters,
              planner,
              deliveries::wake,
              clock,
              config.scheduleMaxLateness(),
              bounceMailbox().orElse(null),
              config.bounces().mailboxSettings().map(BounceConfig.Mailbox::interval).orElse(null));
      schedules.pollFeeds(feedPoller(), config.ingest().feedInterval());
      schedules.start();
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
    web =
        new WebServer(
            config.httpHost(),
            config.httpPort(),
            new WebServer.Parts(
                templates,
                links,
                subscribers,
                newsletters,
                editions,
                catcher,
                metrics,
                List.of(
                    new WebServer.Check("database", this::databaseProblem),
                    new WebServer.Check("smtp", this::relayProblem)),
                this::updateQueueGauge,
                new ArticleApiRoutes(articleImporter(), articles, newsletters),
                new WebServer.Editors(
                    editors,
                    apiTokens,
                    new Signups(database, subscribers, clock),
                    articles,
                    articleImporter(),
                    subscriberImport(),
                    new EditionReports(database, clock),
                    new SubscriberStats(database, clock),
                    new SubscriberDirectory(database, clock),
                    new ArticleCatalog(database, clock),
                    new EditionPreview(planner, renderer, clock),
                    planner,
                    renderer,
                    digestMessages(),
                    composer,
                    new OneOffSender(relays()),
                    wakeDelivery,
                    this::syncSchedules,
                    clock,
                    secret,
                    config.web())));
    web.start();
  }

  /** Refreshes the per-edition queue depth gauge from the database (on each scrape). */
  private void updateQueueGauge() {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    for (EditionStore.StatusCount count : editions.openEditionCounts()) {
      rows.add(
          MultiGauge.Row.of(
              Tags.of("edition", String.valueOf(count.editionId()), "status", count.status()),
              count.count()));
    }
    queueDepth.register(rows, true);
  }

  /** Re-reads newsletters into the schedule (new, changed or disabled ones). */
  public synchronized void syncSchedules() {
    if (schedules != null) {
      schedules.sync();
    }
  }

  public synchronized int httpPort() {
    return web == null ? -1 : web.port();
  }

  public synchronized MailCatcher catcher() {
    return catcher;
  }

  private String databaseProblem() {
    try {
      database.read(connection -> Jdbc.count(connection, database.sql("ping")));
      return null;
    } catch (RuntimeException e) {
      return e.getMessage();
    }
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * {@code TIDINGS_SECRET}, or in the embedded default one generated once and kept in the data
   * folder, readable by its owner only.
   */
  private static String secret(Config config) {
    if (config.secret().isPresent()) {
      return config.secret().get();
    }
    Path file = config.dataDir().resolve("secret");
    try {
      if (Files.isRegularFile(file)) {
        return Files.readString(file, StandardCharsets.UTF_8).trim();
      }
      Files.createDirectories(config.dataDir());
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      String secret = HexFormat.of().formatHex(random);
      Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        LOG.debug("cannot restrict permissions of {}", file);
      }
      LOG.info("generated a link-signing secret in {}", file);
      return secret;
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot read or create the secret file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Stops serving in order: no new editions, finish or hand back sends, then the rest. */
  @Override
  public synchronized void close() {
    if (schedules != null) {
      schedules.close();
    }
    if (engine != null) {
      engine.stop(java.time.Duration.ofSeconds(20));
    }
    if (web != null) {
      web.close();
    }
    if (catcher != null) {
      catcher.close();
    }
    database.close();
  }
}
