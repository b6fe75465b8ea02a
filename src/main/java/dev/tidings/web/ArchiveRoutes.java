package dev.tidings.web;

import dev.tidings.edition.Edition;
import dev.tidings.edition.EditionStore;
import dev.tidings.newsletter.Newsletter;
import dev.tidings.newsletter.NewsletterStore;
import dev.tidings.subscriber.Links;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The public archive: past editions as web pages, with the shared content only (no personal links).
 * Every email's "view in browser" link points here.
 */
final class ArchiveRoutes {
  private static final int PER_NEWSLETTER = 50;
  private final Pages pages;
  private final NewsletterStore newsletters;
  private final EditionStore editions;
  private final Links links;

  ArchiveRoutes(Pages pages, NewsletterStore newsletters, EditionStore editions, Links links) {
    this.pages = pages;
    this.newsletters = newsletters;
    this.editions = editions;
    this.links = links;
  }

  void register(RoutesConfig routes) {
    routes.get("/archive", this::index);
    routes.get("/archive/{slug}/feed.xml", this::feed);
    routes.get("/archive/{slug}/{id}", this::edition);
  }

  private void index(Context ctx) {
    List<Map<String, Object>> sections = new ArrayList<>();
    for (Newsletter newsletter : newsletters.list()) {
      List<Map<String, Object>> items = new ArrayList<>();
      for (Edition edition : editions.archived(newsletter.id(), PER_NEWSLETTER)) {
        items.add(
            Map.of(
                "url",
                links.archivedEdition(newsletter.slug(), edition.id()),
                "subject",
                edition.subject(),
                "date",
                date(newsletter, edition)));
      }
      sections.add(
          Map.of(
              "name",
              newsletter.name(),
              "slug",
              newsletter.slug(),
              "feedUrl",
              links.base() + "/archive/" + newsletter.slug() + "/feed.xml",
              "editions",
              items));
    }
    Map<String, Object> scope = new HashMap<>();
    scope.put("title", "Archive");
    scope.put("newsletters", sections);
    pages.render(ctx, 200, "archive-index", scope);
  }

  private void edition(Context ctx) {
    Optional<Newsletter> newsletter = newsletters.findBySlug(ctx.pathParam("slug"));
    Optional<Edition> edition = editions.find(Params.id(ctx, "edition"));
    if (newsletter.isEmpty()
        || edition.isEmpty()
        || edition.get().newsletterId() != newsletter.get().id()
        || edition.get().contentHtml() == null
        || !(edition.get().status() == Edition.Status.SENDING
            || edition.get().status() == Edition.Status.SENT)) {
      pages.message(ctx, 404, "Edition not found", "There is no such edition in the archive.");
      return;
    }
    Map<String, Object> scope = new HashMap<>();
    scope.put("title", edition.get().subject());
    scope.put("newsletterName", newsletter.get().name());
    scope.put("subject", edition.get().subject());
    scope.put("date", date(newsletter.get(), edition.get()));
    scope.put("contentHtml", edition.get().contentHtml());
    scope.put("archiveUrl", links.archive());
    // A very long edition counted its last articles ("and N more"): the archive lists them all.
    List<Map<String, Object>> unlisted = new java.util.ArrayList<>();
    List<dev.tidings.article.Article> carried = editions.articles(edition.get().id());
    String shown = edition.get().contentHtml();
    boolean shortened =
        carried.stream()
            .anyMatch(
                article -> article.url() != null && !shown.contains(htmlEscaped(article.url())));
    if (shortened) {
      for (dev.tidings.article.Article article : carried) {
        unlisted.add(
            Map.of("title", article.title(), "url", article.url() == null ? "" : article.url()));
      }
      scope.put("allArticles", unlisted);
      scope.put("allCount", unlisted.size());
    }
    pages.render(ctx, 200, "archive-edition", scope);
  }

  /** {@code url} as the digest template writes it into an attribute. */
  private static String htmlEscaped(String url) {
    return url.replace("&", "&amp;").replace("\"", "&quot;");
  }

  /**
   * RSS 2.0 of a newsletter's archive: each sent edition with its shared content (never personal
   * links), newest first.
   */
  private void feed(Context ctx) throws XMLStreamException {
    Newsletter newsletter =
        newsletters
            .findBySlug(ctx.pathParam("slug"))
            .orElseThrow(
                () -> new WebProblem(404, "not_found", "There is no such newsletter archive."));
    java.io.StringWriter out = new java.io.StringWriter();
    XMLStreamWriter xml = XMLOutputFactory.newInstance().createXMLStreamWriter(out);
    xml.writeStartDocument("UTF-8", "1.0");
    xml.writeStartElement("rss");
    xml.writeAttribute("version", "2.0");
    xml.writeStartElement("channel");
    element(xml, "title", newsletter.name());
    element(xml, "link", links.archive());
    element(xml, "description", "Past editions of " + newsletter.name());
    for (Edition edition : editions.archived(newsletter.id(), PER_NEWSLETTER)) {
      String url = links.archivedEdition(newsletter.slug(), edition.id());
      xml.writeStartElement("item");
      element(xml, "title", edition.subject());
      element(xml, "link", url);
      xml.writeStartElement("guid");
      xml.writeAttribute("isPermaLink", "true");
      xml.writeCharacters(url);
      xml.writeEndElement();
      element(
          xml,
          "pubDate",
          DateTimeFormatter.RFC_1123_DATE_TIME.format(
              edition.createdAt().atZone(java.time.ZoneOffset.UTC)));
      element(xml, "description", edition.contentHtml() == null ? "" : edition.contentHtml());
      xml.writeEndElement();
    }
    xml.writeEndElement();
    xml.writeEndElement();
    xml.writeEndDocument();
    xml.close();
    ctx.contentType("application/rss+xml; charset=utf-8").result(out.toString());
  }

  private static void element(XMLStreamWriter xml, String name, String text)
      throws XMLStreamException {
    xml.writeStartElement(name);
    // XML 1.0 cannot carry most control characters, even escaped.
    xml.writeCharacters(text.replaceAll("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F]", ""));
    xml.writeEndElement();
  }

  private static String date(Newsletter newsletter, Edition edition) {
    return DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG)
        .withLocale(Locale.ENGLISH)
        .withZone(newsletter.zone())
        .format(edition.createdAt());
  }
}
