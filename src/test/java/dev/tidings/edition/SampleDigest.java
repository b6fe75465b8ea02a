package dev.tidings.edition;

import dev.tidings.article.Article;
import dev.tidings.newsletter.CronSpec;
import dev.tidings.newsletter.Look;
import dev.tidings.newsletter.Newsletter;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A realistic edition for rendering tests: articles with and without images, authors, long and
 * non-Latin headlines, rendered through the real templates. Images are drawn locally so no test
 * needs the network.
 */
final class SampleDigest {
  static final Instant AT = Instant.parse("2026-11-27T07:00:00Z");
  private static final String[][] STORIES = {
    {"Harbour ferry gets a new winter timetable", "Mira Holt"},
    {"Library makerspace opens its doors to every age", "Jonas Berg"},
    {"図書館に新しい工房がオープン", "田中 花子"},
    {"سوق الليل يعود إلى الساحة القديمة", "ليلى حسن"},
    {"Allotment holders agree on a fairer water rota 🌱", ""},
    {"Bridge inspection finds the old span in good shape", "Ada Lovelace"},
    {"Choir takes second place in the regional competition", "Peter Quill"},
    {"School roof solar panels cover a third of the demand", "Rosa Diaz"},
    {"Coastal path reopens after the autumn storms", "Sam Carter"},
    {"Bakery apprentice wins the county bread prize", "Lena Fischer"},
  };

  private SampleDigest() {}

  static Newsletter newsletter(String templateSet, String logoUrl) {
    return new Newsletter(
        1,
        "harbour",
        "The Harbour Weekly",
        CronSpec.parse("0 8 * * 5"),
        ZoneId.of("Europe/Berlin"),
        "news@harbour.example",
        "Harbour desk",
        null,
        Newsletter.DEFAULT_SUBJECT,
        templateSet,
        1,
        50,
        Duration.ofDays(7),
        true,
        new Look(logoUrl, "#0f766e", Locale.UK));
  }

  /** {@code count} articles; every other one has an image from {@code images}. */
  static List<Article> articles(int count, Path images) throws IOException {
    List<Article> articles = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String[] story = STORIES[i % STORIES.length];
      String title = story[0] + (i >= STORIES.length ? " (" + (i + 1) + ")" : "");
      String excerpt =
          i == 1
              ? "The new room has 3D printers, sewing machines and a soldering bench; the"
                  + " booking page is https://library.example/makerspace/booking-and-opening-hours-for-everyone"
              : "Residents met on Tuesday evening to hear what changes and why. The plan takes"
                  + " effect next month, and the council will review it after the first season"
                  + " with everyone who took part.";
      String image = images != null && i % 2 == 0 ? image(images, i).toUri().toString() : null;
      articles.add(
          new Article(
              i + 1,
              null,
              title,
              story[1].isEmpty() ? null : story[1],
              "https://harbour.example/stories/" + (i + 1),
              excerpt,
              "<p>" + excerpt + "</p>",
              excerpt,
              image,
              null,
              180 + i * 120,
              "published",
              AT.minus(Duration.ofHours(6L * (i + 1))),
              AT));
    }
    return articles;
  }

  /** A 1200 x 675 picture, different for each article. */
  static Path image(Path dir, int index) throws IOException {
    Path file = dir.resolve("story-" + index + ".png");
    if (Files.exists(file)) {
      return file;
    }
    Files.createDirectories(dir);
    BufferedImage picture = new BufferedImage(1200, 675, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = picture.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    float hue = (index * 0.13f) % 1f;
    g.setPaint(
        new GradientPaint(
            0,
            0,
            Color.getHSBColor(hue, 0.45f, 0.95f),
            1200,
            675,
            Color.getHSBColor((hue + 0.2f) % 1f, 0.7f, 0.55f)));
    g.fillRect(0, 0, 1200, 675);
    g.setColor(new Color(255, 255, 255, 70));
    for (int i = 0; i < 6; i++) {
      g.fillOval(120 + i * 170, 300 - i * 30, 260, 260);
    }
    g.dispose();
    ImageIO.write(picture, "png", file.toFile());
    return file;
  }

  /** A 320 x 80 wordmark logo. */
  static Path logo(Path dir) throws IOException {
    Path file = dir.resolve("logo.png");
    Files.createDirectories(dir);
    BufferedImage picture = new BufferedImage(320, 80, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = picture.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(new Color(15, 118, 110));
    g.fillRoundRect(0, 8, 64, 64, 18, 18);
    g.setColor(Color.WHITE);
    g.fillOval(16, 24, 32, 32);
    g.setColor(new Color(15, 118, 110));
    g.setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 34));
    g.drawString("Harbour", 80, 54);
    g.dispose();
    ImageIO.write(picture, "png", file.toFile());
    return file;
  }

  /** One reader's HTML of an edition of {@code articles}. */
  static String html(EditionRenderer renderer, Newsletter newsletter, List<Article> articles) {
    EditionRenderer.SharedContent shared = renderer.renderShared(newsletter, articles, AT);
    return renderer
        .personalizer(newsletter, edition(shared, articles.size()), shared.preheader())
        .render(reader())
        .html();
  }

  static Edition edition(EditionRenderer.SharedContent shared, int count) {
    return new Edition(
        12,
        1,
        "manual",
        null,
        "test",
        shared.subject(),
        Edition.Status.SENDING,
        null,
        shared.html(),
        shared.text(),
        count,
        1,
        AT,
        null);
  }

  static Recipient reader() {
    return new Recipient(
        7,
        "ann.reader@example.org",
        "Ann",
        "https://news.harbour.example/unsubscribe/7-1-9f8e7d6c5b4a39281706f5e4d3c2b1a0",
        "https://news.harbour.example/preferences/7-1-0a1b2c3d4e5f60718293a4b5c6d7e8f9",
        "https://news.harbour.example/archive/harbour/12");
  }
}
