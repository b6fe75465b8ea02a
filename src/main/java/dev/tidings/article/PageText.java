package dev.tidings.article;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the article in text copied from a web page: its headline, author, date and paragraphs,
 * without the page around it (loading indicators, navigation, share lines, author boxes, guest-post
 * blurbs, disclaimers, cookie notices, the site's description).
 *
 * <p>The decision is made from evidence, not from a list of phrases. Each line ({@link PageLine})
 * is classed by its own shape (words, closing punctuation, separators such as {@code |} or {@code
 * »}), by whether it repeats on the page, and by whether it recurs on other pages of the same
 * source ({@link SourceLines}). Prose lines form clusters; a gap of page furniture (two lines that
 * cannot be a subheading, or any three lines) separates them, and the cluster with most words is
 * the article. The headline is looked for above it ({@link PageHeader}). Clusters between the
 * headline and the article that lead to it through a plain list are part of it; subheadings, short
 * sentences and list items inside it are kept. Stateless and thread-safe.
 */
public final class PageText {
  private static final Pattern SENTENCE_END = Pattern.compile("[.!?]['\"”’)]*$");
  private static final Pattern SIGNATURE = Pattern.compile("(?m)^-- ?$");

  /** What a block of the article is. */
  public enum Kind {
    PARAGRAPH,
    HEADING,
    ITEM
  }

  /** A block of the article: a paragraph of prose, a subheading or a list item. */
  public record Block(String text, Kind kind) {}

  /** The article found on the page; author and publishedAt may be null. */
  public record Result(String title, String author, Instant publishedAt, List<Block> blocks) {
    /** The prose paragraphs, without subheadings and list items. */
    public List<String> paragraphs() {
      List<String> paragraphs = new ArrayList<>();
      for (Block block : blocks) {
        if (block.kind() == Kind.PARAGRAPH) {
          paragraphs.add(block.text());
        }
      }
      return paragraphs;
    }
  }

  private PageText() {}

  /** Reads {@code text}, one page; {@code source} holds the other pages of its site. */
  public static Result read(String text, SourceLines source) {
    List<PageLine> lines = lines(text);
    classify(lines, source);
    int firstProse = firstGood(lines, 0);
    if (firstProse < 0) {
      int titleAt = PageHeader.headline(lines, lines.size());
      return new Result(titleAt < 0 ? null : lines.get(titleAt).text, null, null, List.of());
    }
    // The headline stands above the article's main text, not above whatever prose the page shows
    // first (a cookie notice, a teaser).
    List<List<Integer>> clusters = clusters(lines, firstProse);
    int titleAt = PageHeader.headline(lines, clusters.get(mainCluster(lines, clusters)).get(0));
    String title = titleAt < 0 ? null : lines.get(titleAt).text;
    int bodyStart = firstGood(lines, titleAt + 1);
    int headerStart = PageHeader.firstShowing(lines, titleAt);
    String author =
        PageHeader.author(lines, headerStart, titleAt, bodyStart < 0 ? lines.size() : bodyStart);
    Instant date =
        PageHeader.date(
            lines,
            Math.max(0, headerStart - 2),
            Math.min(lines.size(), bodyStart < 0 ? lines.size() : bodyStart + 1));
    if (author != null) {
      PageHeader.markBylines(lines, author);
    }
    List<Block> blocks = body(lines, bodyStart, titleAt, title);
    return new Result(
        title,
        author,
        date,
        PageHeader.withoutSiteTail(blocks, PageHeader.siteNames(lines, titleAt)));
  }

  /** Lines of the page; a block of long wrapped lines (hard-wrapped prose) becomes one line. */
  static List<PageLine> lines(String text) {
    String page = text.replace("\r\n", "\n").replace('\r', '\n');
    // The signature separator of mail and list archives: what follows it is never the text, if
    // the text came before it (some pages show a lone "--" above the article, as a counter).
    Matcher signature = SIGNATURE.matcher(page);
    if (signature.find()) {
      List<PageLine> before = blocks(page.substring(0, signature.start()));
      if (before.stream().anyMatch(PageLine::proseShape)) {
        return before;
      }
    }
    return blocks(page);
  }

  private static List<PageLine> blocks(String page) {
    List<PageLine> lines = new ArrayList<>();
    for (String block : page.split("\n\\s*\n")) {
      List<String> rows = new ArrayList<>();
      for (String row : block.split("\n")) {
        String clean = row.replace('\u00a0', ' ').replaceAll("\\s+", " ").strip();
        if (!clean.isEmpty()) {
          rows.add(clean);
        }
      }
      if (wrapped(rows)) {
        lines.add(new PageLine(String.join(" ", rows)));
      } else {
        rows.forEach(row -> lines.add(new PageLine(row)));
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

  private static void classify(List<PageLine> lines, SourceLines source) {
    Map<String, Integer> onPage = new HashMap<>();
    for (PageLine line : lines) {
      onPage.merge(SourceLines.key(line.text), 1, Integer::sum);
    }
    for (PageLine line : lines) {
      line.prose = PageLine.proseShape(line);
      line.recurring = source.recurs(line.text);
      line.chrome = line.recurring;
      if (onPage.get(SourceLines.key(line.text)) > 1 && !line.prose) {
        line.chrome = true;
      }
    }
  }

  private static int firstGood(List<PageLine> lines, int from) {
    for (int i = from; i < lines.size(); i++) {
      if (lines.get(i).good()) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The cluster of prose with the most words. A gap of furniture ends a cluster when it holds two
   * lines that cannot be subheadings, or three lines of any kind.
   */
  /**
   * Prose lines in clusters. A gap of furniture ends a cluster when it holds two lines that cannot
   * be subheadings, or three lines of any kind; the gap lines inside a cluster belong to it.
   */
  private static List<List<Integer>> clusters(List<PageLine> lines, int start) {
    List<List<Integer>> clusters = new ArrayList<>();
    List<Integer> current = new ArrayList<>();
    List<Integer> gap = new ArrayList<>();
    for (int i = start; i < lines.size(); i++) {
      PageLine line = lines.get(i);
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
    return clusters;
  }

  /** The index of the cluster with the most words of prose. */
  private static int mainCluster(List<PageLine> lines, List<List<Integer>> clusters) {
    int main = 0;
    int mostWords = -1;
    for (int k = 0; k < clusters.size(); k++) {
      int words = 0;
      for (int index : clusters.get(k)) {
        words += lines.get(index).good() ? lines.get(index).words : 0;
      }
      if (words > mostWords) {
        mostWords = words;
        main = k;
      }
    }
    return main;
  }

  /**
   * The article: the main cluster, with the clusters before it (below the headline) that lead to it
   * through a plain list, such as a recipe's introduction before its ingredients.
   */
  private static List<Block> body(List<PageLine> lines, int start, int titleAt, String title) {
    if (start < 0) {
      return List.of();
    }
    List<List<Integer>> clusters = clusters(lines, start);
    int main = mainCluster(lines, clusters);
    List<Block> blocks = new ArrayList<>();
    int first = main;
    while (first > 0
        && clusters.get(first - 1).get(0) > titleAt
        && plainGap(lines, clusters.get(first - 1), clusters.get(first))) {
      first--;
    }
    for (int k = first; k <= main; k++) {
      if (k > first) {
        // A list between the opening and the rest (ingredients, steps): its lines are items.
        List<Integer> previous = clusters.get(k - 1);
        int from = previous.get(previous.size() - 1) + 1;
        int to = clusters.get(k).get(0);
        for (int i = from; i < to; i++) {
          PageLine line = lines.get(i);
          boolean edge = (i == from || i == to - 1) && line.text.matches("\\p{Lu}\\p{L}*");
          blocks.add(new Block(line.text, edge || line.headingLike() ? Kind.HEADING : Kind.ITEM));
        }
      }
      for (int index : clusters.get(k)) {
        PageLine line = lines.get(index);
        if (line.good() || shortSentence(line)) {
          blocks.add(new Block(line.text, Kind.PARAGRAPH));
        } else if (line.headingLike() && !line.text.equals(title)) {
          blocks.add(new Block(line.text, Kind.HEADING));
        }
      }
    }
    return blocks;
  }

  /**
   * True when the lines between two clusters are a plain list (no site-wide or repeated line, no
   * label ending in a colon, no run of separators): the article went on through a list.
   */
  private static boolean plainGap(List<PageLine> lines, List<Integer> before, List<Integer> after) {
    for (int i = before.get(before.size() - 1) + 1; i < after.get(0); i++) {
      PageLine line = lines.get(i);
      if (line.chrome
          || line.text.endsWith(":")
          || line.text.endsWith("…")
          || line.text.endsWith("...")
          || PageLine.SEPARATORS.matcher(line.text).results().count() >= 2) {
        return false;
      }
    }
    return true;
  }

  /** A short paragraph inside the article ("It worked."): a sentence, however brief. */
  private static boolean shortSentence(PageLine line) {
    return !line.chrome
        && line.text.codePoints().anyMatch(Character::isLowerCase)
        && SENTENCE_END.matcher(line.text).find()
        && !PageLine.SEPARATORS.matcher(line.text).find();
  }

  private static boolean breaks(List<PageLine> lines, List<Integer> gap) {
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
