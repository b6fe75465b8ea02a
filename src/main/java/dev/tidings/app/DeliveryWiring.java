package dev.tidings.app;

import dev.tidings.db.Database;
import dev.tidings.delivery.BounceMailbox;
import dev.tidings.delivery.Bounces;
import dev.tidings.delivery.DeliveryEngine;
import dev.tidings.delivery.DigestMessages;
import dev.tidings.delivery.DkimSigner;
import dev.tidings.delivery.JdbcDeliveryStore;
import dev.tidings.delivery.MailCatcher;
import dev.tidings.delivery.MessageComposer;
import dev.tidings.delivery.Relay;
import dev.tidings.delivery.RelayStatuses;
import dev.tidings.delivery.RetryPolicy;
import dev.tidings.delivery.SmtpMailer;
import dev.tidings.delivery.TlsTrust;
import dev.tidings.edition.EditionFanout;
import dev.tidings.edition.EditionRenderer;
import dev.tidings.edition.EditionStore;
import dev.tidings.newsletter.NewsletterStore;
import dev.tidings.subscriber.Links;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The mail side of the object graph, from {@link SmtpConfig}, {@link DeliveryConfig} and {@link
 * BounceConfig}: the message composer (DKIM), the relays, the built-in mail catcher, the delivery
 * engine and bounce handling. Relays, catcher and engine are built on first use, so that a command
 * that sends nothing opens no SMTP connection and no port.
 *
 * <p>Not thread-safe: {@link Tidings} calls it under its own lock.
 */
final class DeliveryWiring {
  private final Config config;
  private final Clock clock;
  private final Database database;
  private final EditionFanout fanout;
  private final EditionStore editions;
  private final NewsletterStore newsletters;
  private final EditionRenderer renderer;
  private final Links links;
  private final MessageComposer composer;
  private final MeterRegistry metrics;
  private MailCatcher catcher;
  private DeliveryEngine engine;
  private List<Relay> relays;
  private RelayStatuses relayStatuses;

  /** The parts of the core graph that mail is made from. */
  record Parts(
      Database database,
      EditionFanout fanout,
      EditionStore editions,
      NewsletterStore newsletters,
      EditionRenderer renderer,
      Links links,
      MessageComposer composer,
      MeterRegistry metrics) {}

  DeliveryWiring(Config config, Clock clock, Parts parts) {
    this.config = config;
    this.clock = clock;
    this.database = parts.database();
    this.fanout = parts.fanout();
    this.editions = parts.editions();
    this.newsletters = parts.newsletters();
    this.renderer = parts.renderer();
    this.links = parts.links();
    this.composer = parts.composer();
    this.metrics = parts.metrics();
  }

  /** The message composer, signing with the DKIM key of the configuration (loaded at once). */
  static MessageComposer composer(Config config) {
    return new MessageComposer(
        config
            .digest()
            .dkimSettings()
            .map(dkim -> DkimSigner.load(dkim.domain(), dkim.selector(), dkim.keyFile()))
            .orElse(null));
  }

  MessageComposer composer() {
    return composer;
  }

  DigestMessages digestMessages() {
    return new DigestMessages(editions, newsletters, renderer, composer, links, bounces(), clock);
  }

  Bounces bounces() {
    BounceConfig bounces = config.bounces();
    return new Bounces(
        database, links.tokens(), bounces.address().orElse(null), bounces.hardLimit(), clock);
  }

  Optional<BounceMailbox> bounceMailbox() {
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

  /** Built once, so that rate limits and throttles are shared by every worker. */
  List<Relay> relays() {
    if (relays == null) {
      SmtpConfig smtp = config.smtp();
      List<Relay> built = new ArrayList<>();
      if (smtp.embeddedCatcher()) {
        built.add(
            new Relay(
                "catcher",
                new SmtpMailer(
                    SmtpMailer.Settings.plain(
                        "127.0.0.1", smtp.catcherPort(), smtp.timeouts(), smtp.helo())),
                1,
                Relay.Limits.NONE,
                smtp.throttleAfter()));
      }
      for (RelayConfig relay : smtp.relays()) {
        built.add(relay(relay, smtp));
      }
      relays = List.copyOf(built);
      relayStatuses().follow(relays);
    }
    return relays;
  }

  /** The recorded state of every relay, shared by the processes on this database. */
  RelayStatuses relayStatuses() {
    if (relayStatuses == null) {
      relayStatuses =
          new RelayStatuses(
              database, clock, DeliveryEngine.processName() + ":" + ProcessHandle.current().pid());
    }
    return relayStatuses;
  }

  private static Relay relay(RelayConfig relay, SmtpConfig smtp) {
    return new Relay(
        relay.name(),
        new SmtpMailer(
            new SmtpMailer.Settings(
                relay.host(),
                relay.port(),
                SmtpMailer.Security.valueOf(relay.tls().name()),
                relay.user(),
                relay.password(),
                smtp.timeouts(),
                smtp.pipelining(),
                smtp.helo(),
                relay.tlsCa().map(TlsTrust::caFile).orElseGet(TlsTrust::system))),
        relay.weight(),
        new Relay.Limits(relay.perSecond(), relay.perHour(), relay.perDay()),
        smtp.throttleAfter());
  }

  /** Null when some relay accepts a connection, else the problem of each. */
  String relayProblem() {
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

  /** See {@link Tidings#ensureCatcher()}. */
  MailCatcher ensureCatcher() {
    if (!config.embeddedCatcher() || catcher != null) {
      return catcher;
    }
    if (!listening(config.smtp().catcherPort())) {
      catcher = MailCatcher.start(config.smtp().catcherPort());
    }
    return catcher;
  }

  MailCatcher catcher() {
    return catcher;
  }

  DeliveryEngine engine() {
    if (engine == null) {
      ensureCatcher();
      DeliveryConfig delivery = config.delivery();
      DeliveryEngine.Settings settings =
          new DeliveryEngine.Settings(
              config.smtp().connections(),
              delivery.batch(),
              delivery.lease(),
              delivery.inflight(),
              config.smtp().messagesPerConnection(),
              config.smtp().maxIdle(),
              new RetryPolicy(delivery.retryBase(), delivery.maxAttempts()));
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

  /** Finishes or hands back the sends in flight (when the engine was started). */
  void stopEngine() {
    if (engine != null) {
      engine.stop(Duration.ofSeconds(20));
    }
  }

  void closeCatcher() {
    if (catcher != null) {
      catcher.close();
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
}
