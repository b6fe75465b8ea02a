package dev.tidings.article;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tracking pixels: images a feed puts in its items to count readers, such as FeedBurner's {@code
 * /~r/…/~4/…}, Medium's {@code /_/stat?event=…}, WordPress's {@code pixel.wp.com} and any image
 * declared 1 or 2 pixels wide or high. They are dropped from an article's HTML and never become its
 * picture, so no reader's mail client loads them from a digest. Images declared smaller than a
 * thumbnail (icons, avatars) stay in the text but are no picture either. Thread-safe.
 */
final class Trackers {
  /** Below this declared width or height an image is an icon, not an article's picture. */
  static final int MIN_PICTURE_PIXELS = 80;

  private static final Pattern IMG = Pattern.compile("(?i)<img\\b[^>]*>");
  private static final Pattern SRC = Pattern.compile("(?i)\\ssrc=\"([^\"]*)\"");
  private static final Pattern WIDTH = Pattern.compile("(?i)\\swidth=\"(\\d+)(?:px)?\"");
  private static final Pattern HEIGHT = Pattern.compile("(?i)\\sheight=\"(\\d+)(?:px)?\"");
  private static final List<String> HOSTS =
      List.of(
          "pixel.wp.com",
          "stats.wordpress.com",
          "www.google-analytics.com",
          "pixel.quantserve.com",
          "feeds.feedblitz.com",
          "ad.doubleclick.net");
  private static final Pattern PATHS =
      Pattern.compile(
          "(?i)^/~(?:r|ff|a)/|/_/stat$|(?:^|/)(?:1x1|pixel|spacer|blank|tracker|beacon)"
              + "\\.(?:gif|png)$|^/b/ss/");

  private Trackers() {}

  /** True when {@code url} is a known tracking pixel's address. */
  static boolean isTracker(String url) {
    try {
      URI uri = URI.create(url.replace("&amp;", "&"));
      String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
      String path = uri.getRawPath() == null ? "" : uri.getRawPath();
      return HOSTS.contains(host)
          || host.startsWith("feeds.feedburner.")
          || host.startsWith("feedproxy.google.")
          || PATHS.matcher(path).find();
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** {@code html} (sanitized) without its tracking pixels. */
  static String strip(String html) {
    Matcher img = IMG.matcher(html);
    StringBuilder out = new StringBuilder();
    while (img.find()) {
      String tag = img.group();
      Matcher src = SRC.matcher(tag);
      boolean tracker =
          (src.find() && isTracker(src.group(1)))
              || size(WIDTH, tag) <= 2
              || size(HEIGHT, tag) <= 2;
      img.appendReplacement(out, tracker ? "" : Matcher.quoteReplacement(tag));
    }
    img.appendTail(out);
    return out.toString();
  }

  /** The first image of sanitized {@code html} fit to be an article's picture, or null. */
  static String picture(String html) {
    Matcher img = IMG.matcher(html);
    while (img.find()) {
      String tag = img.group();
      Matcher src = SRC.matcher(tag);
      if (src.find()
          && !isTracker(src.group(1))
          && size(WIDTH, tag) >= MIN_PICTURE_PIXELS
          && size(HEIGHT, tag) >= MIN_PICTURE_PIXELS) {
        return src.group(1).replace("&amp;", "&");
      }
    }
    return null;
  }

  /** The declared size, or a large number when none is declared. */
  private static int size(Pattern attribute, String tag) {
    Matcher size = attribute.matcher(tag);
    if (!size.find()) {
      return Integer.MAX_VALUE;
    }
    try {
      return Integer.parseInt(size.group(1));
    } catch (NumberFormatException e) {
      return Integer.MAX_VALUE;
    }
  }
}
