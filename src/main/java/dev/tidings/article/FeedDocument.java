package dev.tidings.article;

import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndFeedImpl;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.WireFeedInput;
import com.rometools.rome.io.impl.XmlFixerReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.JDOMException;
import org.jdom2.Namespace;

/**
 * A fetched feed read into Rome's model, with what Rome leaves out: each entry's base address
 * ({@code xml:base} on it and its ancestors, resolved against the feed's own address) and the raw
 * text of its date, for dates Rome cannot read ("Seg, 24 Set 2018"). The characters are decoded as
 * a feed reader must: a byte-order mark, else the XML declaration's encoding, else the charset of
 * the HTTP {@code Content-Type}, else UTF-8. An HTML page is refused as one, naming the feed it
 * links to when it does. Immutable.
 */
final class FeedDocument {
  private static final Pattern DECLARED =
      Pattern.compile("^\\s*<\\?xml[^>]*\\sencoding\\s*=\\s*[\"']([A-Za-z0-9._:-]+)[\"']");
  private static final Pattern CHARSET =
      Pattern.compile("(?i);\\s*charset\\s*=\\s*\"?([A-Za-z0-9._:-]+)\"?");
  private static final Pattern HTML_START =
      Pattern.compile(
          "(?is)^(?:\\s|<!--.*?-->|<\\?xml[^>]*>)*<(?:!doctype\\s+html|html|head|body)\\b");
  private static final List<String> DATE_ELEMENTS =
      List.of("pubDate", "published", "issued", "date", "created", "updated", "modified");

  /** One entry as Rome read it, with its base address and the raw text of its date (or null). */
  record Entry(SyndEntry entry, URI base, String rawDate) {}

  private final SyndFeed feed;
  private final List<Entry> entries;

  private FeedDocument(SyndFeed feed, List<Entry> entries) {
    this.feed = feed;
    this.entries = entries;
  }

  SyndFeed feed() {
    return feed;
  }

  List<Entry> entries() {
    return entries;
  }

  /** A feed that is no RSS or Atom document; the message says what it is instead. */
  static final class NotAFeed extends Exception {
    private static final long serialVersionUID = 1L;

    NotAFeed(String message) {
      super(message);
    }
  }

  /**
   * Reads {@code body}, served from {@code address} with {@code contentType} (may be null).
   *
   * @throws NotAFeed for an HTML page or a document Rome cannot read as RSS or Atom
   */
  static FeedDocument read(byte[] body, String contentType, String address) throws NotAFeed {
    String text = decode(body, contentType);
    if (HTML_START.matcher(text).find()) {
      throw new NotAFeed(htmlPage(text, address));
    }
    Input input = new Input();
    try {
      Document document = input.document(text);
      SyndFeed feed = new SyndFeedImpl(input.build(document));
      return new FeedDocument(feed, entries(document, feed, URI.create(address)));
    } catch (JDOMException | FeedException | IOException | IllegalArgumentException e) {
      // Some servers label good feeds text/html, so the label alone refuses nothing.
      if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("text/html")) {
        throw new NotAFeed(htmlPage(text, address));
      }
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      throw new NotAFeed(
          "not a valid RSS or Atom feed: " + message.lines().findFirst().orElse("unreadable"));
    }
  }

  /** The characters of {@code body}: byte-order mark, XML declaration, HTTP charset, UTF-8. */
  static String decode(byte[] body, String contentType) {
    if (startsWith(body, 0xEF, 0xBB, 0xBF)) {
      return new String(body, 3, body.length - 3, StandardCharsets.UTF_8);
    }
    if (startsWith(body, 0xFE, 0xFF)) {
      return new String(body, 2, body.length - 2, StandardCharsets.UTF_16BE);
    }
    if (startsWith(body, 0xFF, 0xFE)) {
      return new String(body, 2, body.length - 2, StandardCharsets.UTF_16LE);
    }
    String head = new String(body, 0, Math.min(body.length, 1024), StandardCharsets.ISO_8859_1);
    Matcher declared = DECLARED.matcher(head);
    Optional<Charset> charset = declared.find() ? charset(declared.group(1)) : Optional.empty();
    if (charset.isEmpty() && contentType != null) {
      Matcher served = CHARSET.matcher(contentType);
      charset = served.find() ? charset(served.group(1)) : Optional.empty();
    }
    return new String(body, charset.orElse(StandardCharsets.UTF_8));
  }

  private static Optional<Charset> charset(String name) {
    try {
      return Optional.of(Charset.forName(name));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static boolean startsWith(byte[] body, int... prefix) {
    if (body.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((body[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static String htmlPage(String text, String address) {
    org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(text, address);
    for (org.jsoup.nodes.Element link : page.select("link[rel~=(?i)alternate][href][type]")) {
      String type = link.attr("type").toLowerCase(Locale.ROOT);
      if (type.contains("rss") || type.contains("atom")) {
        return "an HTML page, not an RSS or Atom feed; the page names its feed at "
            + link.absUrl("href");
      }
    }
    return "an HTML page, not an RSS or Atom feed";
  }

  /**
   * The entries in document order beside Rome's. When the counts differ (a format Rome reads in
   * another order), every entry gets the document's base and no raw date: nothing is guessed.
   */
  private static List<Entry> entries(Document document, SyndFeed feed, URI address) {
    List<Element> elements = new ArrayList<>();
    Element root = document.getRootElement();
    for (Element child : root.getChildren()) {
      if (child.getName().equals("entry") || child.getName().equals("item")) {
        elements.add(child);
      } else if (child.getName().equals("channel")) {
        child.getChildren().stream().filter(e -> e.getName().equals("item")).forEach(elements::add);
      }
    }
    List<SyndEntry> parsed = feed.getEntries();
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < parsed.size(); i++) {
      if (elements.size() == parsed.size()) {
        Element element = elements.get(i);
        entries.add(new Entry(parsed.get(i), base(element, address), rawDate(element)));
      } else {
        entries.add(new Entry(parsed.get(i), base(root, address), null));
      }
    }
    return entries;
  }

  /** The element's base address: every xml:base from the root down, resolved in turn. */
  static URI base(Element element, URI address) {
    List<String> bases = new ArrayList<>();
    for (Element e = element; e != null; e = e.getParentElement()) {
      String base = e.getAttributeValue("base", Namespace.XML_NAMESPACE);
      if (base != null) {
        bases.add(0, base.strip());
      }
    }
    URI resolved = address;
    for (String base : bases) {
      try {
        resolved = resolved.resolve(new URI(base));
      } catch (java.net.URISyntaxException | IllegalArgumentException e) {
        // An unusable xml:base is ignored, as a browser ignores a bad <base href>.
      }
    }
    return resolved;
  }

  private static String rawDate(Element element) {
    for (String name : DATE_ELEMENTS) {
      for (Element child : element.getChildren()) {
        if (child.getName().equals(name) && !child.getTextTrim().isEmpty()) {
          return child.getTextTrim();
        }
      }
    }
    return null;
  }

  /**
   * Rome's input, keeping the document it reads. It reads as {@code WireFeedInput.build(Reader)}
   * does (Rome's secured SAX builder, its entity fixer) with a DOCTYPE allowed: RSS 0.91 files
   * carry Netscape's, and were refused whole. No external entity or DTD is loaded and none is
   * expanded into the document, and the JDK's parser stops an entity expansion bomb at its limit,
   * so XXE and billion-laughs feeds stay refused or inert.
   */
  private static final class Input extends WireFeedInput {
    Input() {
      super(false, Locale.US);
      setAllowDoctypes(true);
    }

    Document document(String text) throws JDOMException, IOException {
      return createSAXBuilder().build(new XmlFixerReader(new StringReader(text)));
    }
  }
}
