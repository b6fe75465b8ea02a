package dev.tidings.web;

import dev.tidings.app.WebConfig;
import dev.tidings.article.ArticleCatalog;
import dev.tidings.article.ArticleImporter;
import dev.tidings.article.ArticleStore;
import dev.tidings.delivery.DigestMessages;
import dev.tidings.delivery.MailCatcher;
import dev.tidings.delivery.MessageComposer;
import dev.tidings.delivery.OneOffSender;
import dev.tidings.edition.EditionPlanner;
import dev.tidings.edition.EditionPreview;
import dev.tidings.edition.EditionRenderer;
import dev.tidings.edition.EditionReports;
import dev.tidings.edition.EditionStore;
import dev.tidings.edition.Templates;
import dev.tidings.editor.ApiTokens;
import dev.tidings.editor.EditorStore;
import dev.tidings.newsletter.NewsletterStore;
import dev.tidings.subscriber.Links;
import dev.tidings.subscriber.Signups;
import dev.tidings.subscriber.SubscriberDirectory;
import dev.tidings.subscriber.SubscriberImport;
import dev.tidings.subscriber.SubscriberStats;
import dev.tidings.subscriber.SubscriberStore;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * The HTTP side of {@code tidings serve} (Javalin on Jetty): subscriber pages, the archive, the
 * editors' pages, the REST API, the mail catcher's inbox in the embedded default, {@code /health}
 * and {@code /metrics}. This class assembles the route groups in their order; each group (and
 * {@link ServiceRoutes}, {@link ErrorResponses}) handles its own paths.
 */
public final class WebServer implements AutoCloseable {
  /** A named health check: returns null when fine, else the problem. */
  /**
   * One check of /health: its problem, or null when all is well, and optionally what it saw, shown
   * under {@code <name>_detail}.
   */
  public record Check(String name, Supplier<String> problem, Supplier<Object> detail) {
    public Check(String name, Supplier<String> problem) {
      this(name, problem, null);
    }
  }

  private final Javalin app;
  private final Confirmations confirmations;

  /** Everything the routes need. */
  public record Parts(
      Templates templates,
      Links links,
      SubscriberStore subscribers,
      NewsletterStore newsletters,
      EditionStore editions,
      MailCatcher catcher,
      PrometheusMeterRegistry metrics,
      java.util.List<Check> checks,
      Runnable beforeScrape,
      ArticleApiRoutes articleApi,
      Editors editors) {}

  /**
   * What the sign-up, the editors' pages and the API add: stores, the preview and planning of
   * editions, one-off mail, and the login settings.
   */
  public record Editors(
      EditorStore editors,
      ApiTokens apiTokens,
      Signups signups,
      ArticleStore articles,
      ArticleImporter importer,
      dev.tidings.article.FeedStore feeds,
      dev.tidings.article.FeedPoller feedPoller,
      SubscriberImport subscriberImport,
      EditionReports reports,
      SubscriberStats stats,
      SubscriberDirectory directory,
      ArticleCatalog catalog,
      EditionPreview preview,
      EditionPlanner planner,
      EditionRenderer renderer,
      DigestMessages messages,
      MessageComposer composer,
      OneOffSender sender,
      Supplier<String> relayTrouble,
      Runnable wakeDelivery,
      Runnable syncSchedules,
      Clock clock,
      String secret,
      WebConfig config) {}

  public WebServer(String host, int port, Parts parts) {
    Pages pages = new Pages(parts.templates());
    Editors more = parts.editors();
    this.confirmations =
        new Confirmations(
            more.signups(),
            parts.subscribers(),
            parts.newsletters(),
            parts.links(),
            more.sender(),
            new ConfirmationMail(parts.templates()),
            more.clock());
    this.app =
        Javalin.create(
            config -> {
              config.jetty.host = host;
              config.jetty.port = port;
              // Every route's body limit, before anything reads it (see RequestLimits); Javalin's
              // own check on bodies read whole stays above the largest such body.
              config.jetty.modifyServletContextHandler(
                  handler -> handler.insertHandler(new RequestLimits()));
              config.http.maxRequestSize = RequestLimits.ARTICLE_UPLOAD;
              config.startup.showJavalinBanner = false;
              RoutesConfig routes = config.routes;
              new SecurityHeaders().register(routes);
              new ServiceRoutes(pages, parts).register(routes);
              registerPublicRoutes(routes, pages, parts, confirmations);
              registerEditorRoutes(routes, pages, parts);
              new ErrorResponses(pages).register(routes);
            });
  }

  /** Subscribers' pages, the archive, the sign-up form and the article API. */
  private static void registerPublicRoutes(
      RoutesConfig routes, Pages pages, Parts parts, Confirmations confirmations) {
    Editors more = parts.editors();
    new SubscriberRoutes(
            pages,
            parts.links(),
            parts.subscribers(),
            parts.newsletters(),
            more.signups(),
            confirmations,
            more.config().trustProxy())
        .register(routes);
    new ArchiveRoutes(pages, parts.newsletters(), parts.editions(), parts.links()).register(routes);
    parts.articleApi().register(routes);
    new SignupRoutes(
            pages,
            parts.links(),
            parts.newsletters(),
            parts.subscribers(),
            more.signups(),
            confirmations,
            more.clock(),
            more.config().subscribePerHour(),
            more.config().trustProxy())
        .register(routes);
  }

  /** The login, the editors' pages, the REST API and (embedded default) the caught mail. */
  private static void registerEditorRoutes(RoutesConfig routes, Pages pages, Parts parts) {
    Editors more = parts.editors();
    new AdminAuth(
            pages,
            more.editors(),
            new Csrf(more.secret()),
            more.config().sessionTtl(),
            parts.links().base().startsWith("https:"),
            more.config().loginAttempts(),
            more.config().trustProxy())
        .register(routes);
    AdminPage adminPage = new AdminPage(parts.catcher() != null);
    EditionAdmin editionAdmin = editionAdmin(pages, adminPage, parts);
    editionAdmin.register(routes);
    registerDirectoryAdmin(routes, pages, adminPage, parts);
    new TokenAdmin(pages, adminPage, more.apiTokens()).register(routes);
    new ApiRoutes(
            new ApiRoutes.Parts(
                more.apiTokens(),
                parts.newsletters(),
                parts.editions(),
                more.reports(),
                more.planner(),
                parts.subscribers(),
                more.directory(),
                more.catalog(),
                editionAdmin,
                more.wakeDelivery(),
                more.clock()))
        .register(routes);
    if (parts.catcher() != null) {
      new MailboxRoutes(pages, adminPage, parts.catcher()).register(routes);
    }
  }

  private static EditionAdmin editionAdmin(Pages pages, AdminPage adminPage, Parts parts) {
    Editors more = parts.editors();
    return new EditionAdmin(
        pages,
        adminPage,
        new EditionAdmin.Parts(
            parts.newsletters(),
            parts.editions(),
            more.reports(),
            more.preview(),
            more.planner(),
            more.renderer(),
            more.messages(),
            more.composer(),
            more.sender(),
            more.relayTrouble(),
            more.wakeDelivery(),
            more.clock()));
  }

  /** The dashboard and the pages of articles, subscribers and newsletters. */
  private static void registerDirectoryAdmin(
      RoutesConfig routes, Pages pages, AdminPage adminPage, Parts parts) {
    Editors more = parts.editors();
    new DashboardAdmin(
            pages, adminPage, parts.newsletters(), more.reports(), more.stats(), more.clock())
        .register(routes);
    new ArticleAdmin(
            pages, adminPage, more.catalog(), more.articles(), more.importer(), parts.newsletters())
        .register(routes);
    new FeedRoutes(pages, adminPage, more.feeds(), more.feedPoller(), parts.newsletters())
        .register(routes);
    new SubscriberAdmin(
            pages,
            adminPage,
            parts.subscribers(),
            more.directory(),
            more.subscriberImport(),
            parts.newsletters())
        .register(routes);
    new NewsletterAdmin(
            pages,
            adminPage,
            parts.newsletters(),
            parts.templates().root(),
            parts.links().base(),
            more.syncSchedules(),
            more.clock())
        .register(routes);
  }

  public void start() {
    app.start();
    confirmations.resume();
  }

  public int port() {
    return app.port();
  }

  /** Every route this server answers, as {@code "GET /api/v1/feeds"}, sorted; no filters. */
  public java.util.List<String> routes() {
    java.util.Set<String> methods = java.util.Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    return app.unsafe.internalRouter.allHttpHandlers().stream()
        .filter(parsed -> methods.contains(parsed.endpoint.method.name()))
        .map(parsed -> parsed.endpoint.method.name() + " " + parsed.endpoint.path)
        .distinct()
        .sorted()
        .toList();
  }

  @Override
  public void close() {
    app.stop();
    confirmations.close();
  }
}
