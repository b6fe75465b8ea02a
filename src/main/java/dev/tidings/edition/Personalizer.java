package dev.tidings.edition;

import com.github.mustachejava.Mustache;
import java.util.HashMap;
import java.util.Map;

/**
 * Renders the personal layout of one edition. The HTML comes from an {@link HtmlSkeleton} and the
 * text from a {@link TextSkeleton}, one per shape (whether the subscriber has a name), built on
 * first use. Thread-safe.
 */
public final class Personalizer {
  private final Mustache html;
  private final Mustache text;
  private final String set;
  private final Map<String, Object> base;
  private final Templates templates;
  private final boolean skeletonSafe;
  private final java.util.concurrent.ConcurrentHashMap<Boolean, Skeletons> skeletons =
      new java.util.concurrent.ConcurrentHashMap<>();

  private record Skeletons(HtmlSkeleton html, TextSkeleton text) {}

  Personalizer(
      Mustache html, Mustache text, String set, Map<String, Object> base, Templates templates) {
    this.html = html;
    this.text = text;
    this.set = set;
    this.base = Map.copyOf(base);
    this.templates = templates;
    // Content that happens to contain the marker characters is rendered in full instead.
    this.skeletonSafe =
        base.values().stream().noneMatch(value -> HtmlSkeleton.hasMarkerCharacters(value));
  }

  public EditionRenderer.PersonalContent render(Recipient recipient) {
    String[] values = values(recipient);
    if (!skeletonSafe) {
      return new EditionRenderer.PersonalContent(
          WirePart.of(renderTextDirectly(recipient)),
          WirePart.of(Templates.render(html, set + "layout.html", scope(values))));
    }
    Skeletons skeleton = skeletons.computeIfAbsent(!values[0].isEmpty(), this::skeletons);
    byte[][] escaped = new byte[values.length][];
    for (int i = 0; i < values.length; i++) {
      escaped[i] =
          templates.escapeHtml(values[i]).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
    return new EditionRenderer.PersonalContent(
        skeleton.text().fill(values, TextWrap.COLUMNS), skeleton.html().fill(escaped));
  }

  private static String[] values(Recipient recipient) {
    return new String[] {
      recipient.name() == null ? "" : recipient.name(),
      recipient.email(),
      recipient.unsubscribeUrl(),
      recipient.preferencesUrl(),
      recipient.viewUrl()
    };
  }

  /** The text layout rendered in full and wrapped: the reference the skeleton must equal. */
  String renderTextDirectly(Recipient recipient) {
    return TextWrap.wrap(
        Templates.render(text, set + "layout.txt", scope(values(recipient))), TextWrap.COLUMNS);
  }

  /** The HTML layout rendered in full by Mustache: the reference the skeleton must equal. */
  String renderHtmlDirectly(Recipient recipient) {
    return Templates.render(html, set + "layout.html", scope(values(recipient)));
  }

  /** Renders both layouts once with markers for a subscriber with or without a name. */
  private Skeletons skeletons(boolean named) {
    String[] markers = new String[HtmlSkeleton.FIELDS.size()];
    for (int i = 0; i < markers.length; i++) {
      markers[i] = HtmlSkeleton.marker(i);
    }
    if (!named) {
      markers[0] = "";
    }
    Map<String, Object> scope = scope(markers);
    return new Skeletons(
        HtmlSkeleton.of(Templates.render(html, set + "layout.html", scope)),
        TextSkeleton.of(Templates.render(text, set + "layout.txt", scope), TextWrap.COLUMNS));
  }

  private Map<String, Object> scope(String[] values) {
    Map<String, Object> scope = new HashMap<>(base);
    scope.put("greetingName", values[0]);
    scope.put("recipientEmail", values[1]);
    scope.put(
        "links", Map.of("unsubscribe", values[2], "preferences", values[3], "view", values[4]));
    return scope;
  }
}
