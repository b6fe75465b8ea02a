package dev.tidings.article;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the article in text copied from a web page: its headline, author, date and paragraphs,
 * without the page around it (loading indicators, navigation, share lines, author boxes, guest-post
 * blurbs, disclaimers, the site's description).
 *
 * <p>The decision is made from evidence, not from a list of phrases. Each line is classed by its
 * own shape (words, closing punctuation, separators such as {@code |} or {@code »}), by whether it
 * repeats on the page, and by whether it recurs on other pages of the same source ({@link
 * SourceLines}). Prose lines form clusters; a gap of page furniture between two clusters (two lines
 * that cannot be a subheading, or any three lines) separates them, and the cluster with most words
 * is the article. Subheadings inside it are kept. Stateless and thread-safe.
 */
public final class PageText {
  private static final Pattern SEPARATORS = Pattern.compile("[|»·•›>/]|\\s[-–—]\\s");
  private static final Pattern CLOSING = Pattern.compile("[.!?…:;]['\"”’)]*$|[.!?]['\"”’)]+$");
  private static final String NAME_WORD = "\\p{Lu}[\\p{L}'’-]+|\\p{Lu}\\.";
  // "By Ann Lee", "Written by …", "Posted on 2026-01-02 by …", "From: …": "by" opens the line or
  // follows its first word, a lower-case word, a digit or a separator; so a headline such as
  // "Every Library Gets Fibre by Next Year" is none.
  private static final Pattern BYLINE =
      Pattern.compile(
          "^(?:\\S+\\s+|(?:.*\\s)?(?:\\p{Ll}+|\\S*[\\d,·|])\\s+)?(?i:by|from:|author:)\\s+((?:"
              + NAME_WORD
              + ")(?:\\s+(?:(?:de|van|von|da|di|le)\\s+)?(?:"
              + NAME_WORD
              + ")){1,3})");
  private static final Pattern SENTENCE_END = Pattern.compile("[.!?]['\"”’)]*$");
  private static final Pattern SIGNATURE = Pattern.compile("(?m)^-- ?$");
  private static final Pattern NAME_ONLY =
      Pattern.compile("^(?:" + NAME_WORD + ")(?:\\s+(?:" + NAME_WORD + ")){1,2}$");

  /** A block of the article: a paragraph of prose or a subheading. */
  public record Block(String text, boolean heading) {}

  /** The article found on the page; author and publishedAt may be null. */
  public record Result(String title, String author, Instant publishedAt, List<Block> blocks) {
    /** The prose paragraphs, without subheadings. */
    public List<String> paragraphs() {
      List<String> paragraphs = new ArrayList<>();
      for (Block block : blocks) {
        if (!block.heading()) {
          paragraphs.add(block.text());
        }
      }
      return paragraphs;
    }
  }

  private PageText() {}

  /** One line of the page with its evidence. */
  private static final class Line {
    final String text;
    final int words;
    boolean prose;
    boolean recurring;
    boolean chrome;

    Line(String text) {
      this.text = text;
      this.words = text.split("\\s+").length;
    }

    boolean good() {
      return prose && !chrome;
    }

    /** Could be a subheading: a few words, no furniture marks, not closing like a label. */
    boolean headingLike() {
      return !chrome
          && words >= 2
          && words <= 14
          && !SEPARATORS.matcher(text).find()
          && !text.endsWith(":")
          && !text.endsWith("…")
          && !text.endsWith("...")
          && Character.isUpperCase(text.codePointAt(0));
    }
  }

  /** Reads {@code text}, one page; {@code source} holds the other pages of its site. */
  public static Result read(String text, SourceLines source) {
    List<Line> lines = lines(text);
    classify(lines, source);
    int bodyStart = firstGood(lines, 0);
    int titleAt = headline(lines, bodyStart < 0 ? lines.size() : bodyStart);
    if (titleAt >= 0 && bodyStart >= 0 && titleAt > bodyStart) {
      bodyStart = firstGood(lines, titleAt + 1);
    }
    String title = titleAt < 0 ? null : lines.get(titleAt).text;
    int headerEnd = bodyStart < 0 ? lines.size() : bodyStart;
    String author = author(lines, Math.max(0, titleAt), headerEnd);
    Instant date = date(lines, Math.max(0, titleAt - 2), Math.min(lines.size(), headerEnd + 1));
    if (author != null) {
      markBylines(lines, author);
    }
    List<Block> blocks = bodyStart < 0 ? List.of() : body(lines, bodyStart, title);
    return new Result(title, author, date, blocks);
  }

  /** Lines of the page; a block of long wrapped lines (hard-wrapped prose) becomes one line. */
  static List<Line> lines(String text) {
    List<Line> lines = new ArrayList<>();
    String page = text.replace("\r\n", "\n").replace('\r', '\n');
    // The signature separator of mail and list archives: what follows it is never the text.
    Matcher signature = SIGNATURE.matcher(page);
    if (signature.find()) {
      page = page.substring(0, signature.start());
    }
    for (String block : page.split("\n\\s*\n")) {
      List<String> rows = new ArrayList<>();
      for (String row : block.split("\n")) {
        String clean = row.replace('\u00a0', ' ').replaceAll("\\s+", " ").strip();
        if (!clean.isEmpty()) {
          rows.add(clean);
        }
      }
      if (wrapped(rows)) {
        lines.add(new Line(String.join(" ", rows)));
      } else {
        rows.forEach(row -> lines.add(new Line(row)));
      }
    }
    return lines;
  }

  /**
   * Hard-wrapped prose: several rows of similar width (45 to 100 characters) but the last. Text
   * with one paragraph per line has longer lines, so its paragraphs are never joined.
   */
  private static boolean wrapped(List<String> rows) {
    if (rows.size() < 2) {
      return false;
    }
    for (int i = 0; i < rows.size(); i++) {
      int length = rows.get(i).length();
      if (length > 100 || i < rows.size() - 1 && length < 45) {
        return false;
      }
    }
    return true;
  }

  private static void classify(List<Line> lines, SourceLines source) {
    Map<String, Integer> onPage = new HashMap<>();
    for (Line line : lines) {
      onPage.merge(SourceLines.key(line.text), 1, Integer::sum);
    }
    for (Line line : lines) {
      boolean closes = CLOSING.matcher(line.text).find() && !line.text.endsWith(":");
      boolean furniture = SEPARATORS.matcher(line.text).results().count() >= 2;
      boolean letters = line.text.codePoints().anyMatch(Character::isLowerCase);
      line.prose =
          letters
              && !furniture
              && !line.text.endsWith("…")
              && !line.text.endsWith("...")
              && (line.words >= 10 && closes || line.words >= 30);
      line.recurring = source.recurs(line.text);
      line.chrome = line.recurring;
      if (onPage.get(SourceLines.key(line.text)) > 1 && !line.prose) {
        line.chrome = true;
      }
    }
  }

  private static int firstGood(List<Line> lines, int from) {
    for (int i = from; i < lines.size(); i++) {
      if (lines.get(i).good()) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The headline: a line the page repeats (pages show the headline as title and heading) that is no
   * site-wide line, else the longest plausible title line before the body.
   */
  private static int headline(List<Line> lines, int before) {
    int best = -1;
    for (int i = 0; i < before; i++) {
      Line line = lines.get(i);
      if (!titleLike(line)) {
        continue;
      }
      if (repeated(lines, i)) {
        return i;
      }
      if (best < 0 || line.text.length() > lines.get(best).text.length()) {
        best = i;
      }
    }
    return best;
  }

  private static boolean titleLike(Line line) {
    return line.words >= 3
        && line.words <= 25
        && !line.prose
        && !SEPARATORS.matcher(line.text).find()
        && !line.text.endsWith(":")
        && !line.text.endsWith("…")
        && !line.text.endsWith("...")
        && !BYLINE.matcher(line.text).find()
        && Dates.find(line.text).isEmpty()
        && Character.isUpperCase(line.text.codePointAt(0))
        && !line.recurring;
  }

  private static boolean repeated(List<Line> lines, int index) {
    String key = SourceLines.key(lines.get(index).text);
    for (int i = 0; i < lines.size(); i++) {
      if (i != index && SourceLines.key(lines.get(i).text).equals(key)) {
        return true;
      }
    }
    return false;
  }

  /** "By Ann Lee", "Written by …", "Author: …", or a bare name just under the headline. */
  private static String author(List<Line> lines, int from, int to) {
    for (int i = from; i < to; i++) {
      Matcher byline = BYLINE.matcher(lines.get(i).text);
      if (byline.find()) {
        return byline.group(1);
      }
    }
    for (int i = from + 1; i < Math.min(to, from + 4); i++) {
      if (NAME_ONLY.matcher(lines.get(i).text).matches() && !lines.get(i).chrome) {
        return lines.get(i).text;
      }
    }
    return null;
  }

  /** Lines that name the author (an author box's heading) are page furniture, never text. */
  private static void markBylines(List<Line> lines, String author) {
    for (Line line : lines) {
      if (!line.prose && line.text.contains(author)) {
        line.chrome = true;
      }
    }
  }

  private static Instant date(List<Line> lines, int from, int to) {
    for (int i = from; i < to; i++) {
      Optional<Instant> found = Dates.find(lines.get(i).text);
      if (found.isPresent()) {
        return found.get();
      }
    }
    return null;
  }

  /**
   * The cluster of prose with the most words. A gap of furniture ends a cluster when it holds two
   * lines that cannot be subheadings, or three lines of any kind.
   */
  private static List<Block> body(List<Line> lines, int start, String title) {
    List<List<Integer>> clusters = new ArrayList<>();
    List<Integer> current = new ArrayList<>();
    List<Integer> gap = new ArrayList<>();
    for (int i = start; i < lines.size(); i++) {
      Line line = lines.get(i);
      if (line.good()) {
        if (!current.isEmpty() && breaks(lines, gap)) {
          clusters.add(current);
          current = new ArrayList<>();
        } else {
          current.addAll(gap);
        }
        gap.clear();
        current.add(i);
      } else {
        gap.add(i);
      }
    }
    if (!current.isEmpty()) {
      clusters.add(current);
    }
    List<Integer> main = List.of();
    int mostWords = -1;
    for (List<Integer> cluster : clusters) {
      int words = 0;
      for (int index : cluster) {
        words += lines.get(index).good() ? lines.get(index).words : 0;
      }
      if (words > mostWords) {
        mostWords = words;
        main = cluster;
      }
    }
    List<Block> blocks = new ArrayList<>();
    for (int index : main) {
      Line line = lines.get(index);
      if (line.good() || shortSentence(line)) {
        blocks.add(new Block(line.text, false));
      } else if (line.headingLike() && !line.text.equals(title)) {
        blocks.add(new Block(line.text, true));
      }
    }
    return blocks;
  }

  /** A short paragraph inside the article ("It worked."): a sentence, however brief. */
  private static boolean shortSentence(Line line) {
    return !line.chrome
        && line.text.codePoints().anyMatch(Character::isLowerCase)
        && SENTENCE_END.matcher(line.text).find()
        && !SEPARATORS.matcher(line.text).find();
  }

  private static boolean breaks(List<Line> lines, List<Integer> gap) {
    if (gap.size() >= 3) {
      return true;
    }
    int furniture = 0;
    for (int index : gap) {
      if (!lines.get(index).headingLike()) {
        furniture++;
      }
    }
    return furniture >= 2 || furniture >= 1 && gap.size() >= 2;
  }
}
