package dev.tidings.article;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Cross-article evidence for {@link PageText}: how many pages of one source carry each line. A line
 * that recurs on many pages of a site (its navigation, author box, disclaimer, description) is the
 * site's chrome, however much it reads like prose. Built once per batch of pages from one source;
 * immutable afterwards, so thread-safe.
 */
public final class SourceLines {
  /** No other pages: only line-level evidence applies. */
  public static final SourceLines NONE = new SourceLines(Map.of(), 0);

  private final Map<String, Integer> pagesPerLine;
  private final int pages;

  private SourceLines(Map<String, Integer> pagesPerLine, int pages) {
    this.pagesPerLine = pagesPerLine;
    this.pages = pages;
  }

  /** Counts the lines of {@code texts}, each page's raw text copied from one source. */
  public static SourceLines of(List<String> texts) {
    Map<String, Integer> counts = new HashMap<>();
    for (String text : texts) {
      Set<String> seen = new HashSet<>();
      for (String line : text.split("\\R")) {
        String key = key(line);
        if (!key.isEmpty() && seen.add(key)) {
          counts.merge(key, 1, Integer::sum);
        }
      }
    }
    return new SourceLines(Map.copyOf(counts), texts.size());
  }

  /**
   * True when {@code line} is on other pages of the source: at least two others and at least 40% of
   * them, so a phrase two articles happen to share does not count.
   */
  boolean recurs(String line) {
    if (pages < 3) {
      return false;
    }
    int others = pagesPerLine.getOrDefault(key(line), 0) - 1;
    return others >= 2 && others >= 0.4 * (pages - 1);
  }

  /** Case, spacing and numbers ignored: "12 comments" and "3 Comments" are one line. */
  static String key(String line) {
    return line.strip()
        .toLowerCase(Locale.ROOT)
        .replaceAll("\\d+", "#")
        .replaceAll("\\s+", " ")
        .replaceAll("[.…]+$", "");
  }
}
