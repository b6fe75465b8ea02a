package dev.tidings.article;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The head of a copied page for {@link PageText}: which line is the headline, who wrote it, when,
 * and what the site calls itself. Stateless and thread-safe.
 */
final class PageHeader {
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
  private static final Pattern MASTHEAD =
      Pattern.compile("(?:The |A )?\\p{Lu}[\\p{L}'’&-]*(?:\\s+\\p{Lu}[\\p{L}'’&-]*)+");
  private static final Pattern NAME_ONLY =
      Pattern.compile("^(?:" + NAME_WORD + ")(?:\\s+(?:" + NAME_WORD + ")){1,2}$");

  // A line that is only "by" and a user name, as forums and small blogs print it: "by samir_k".
  private static final Pattern HANDLE =
      Pattern.compile("(?i:by)\\s+([\\p{L}\\d][\\p{L}\\d_.-]{1,39})");

  private PageHeader() {}

  /**
   * The headline: a line the page repeats (pages show the headline as title and heading) that is no
   * site-wide line, its last showing before the body; else the longest plausible title line before
   * the body, preferring lines that do not end like a sentence (a subtitle usually does).
   */
  static int headline(List<PageLine> lines, int before) {
    int repeatedAt = -1;
    int best = -1;
    for (int i = 0; i < before; i++) {
      PageLine line = lines.get(i);
      if (!titleLike(line)) {
        continue;
      }
      if (repeated(lines, i, before)) {
        repeatedAt = i;
      }
      if (best < 0 || betterTitle(line, lines.get(best))) {
        best = i;
      }
    }
    return repeatedAt >= 0 ? repeatedAt : best;
  }

  static boolean betterTitle(PageLine candidate, PageLine best) {
    boolean candidateStops = candidate.text.endsWith(".");
    boolean bestStops = best.text.endsWith(".");
    if (candidateStops != bestStops) {
      return bestStops;
    }
    return candidate.text.length() > best.text.length();
  }

  /**
   * The site's name as the page shows it above the headline: a short line of capitalised words (the
   * masthead). Prose at the end of the article that names it is the site talking about itself
   * ("Thanks for reading …", "… is an independent magazine"), not the article.
   */
  static List<String> siteNames(List<PageLine> lines, int titleAt) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < titleAt; i++) {
      PageLine line = lines.get(i);
      if (!line.prose
          && line.words >= 2
          && line.words <= 5
          && MASTHEAD.matcher(line.text).matches()
          && !line.text.equals(lines.get(titleAt).text)) {
        names.add(line.text);
      }
    }
    return names;
  }

  static List<PageText.Block> withoutSiteTail(List<PageText.Block> blocks, List<String> siteNames) {
    int end = blocks.size();
    while (end > 1
        && blocks.get(end - 1).kind() == PageText.Kind.PARAGRAPH
        && namesSite(blocks.get(end - 1).text(), siteNames)) {
      end--;
    }
    return end == blocks.size() ? blocks : List.copyOf(blocks.subList(0, end));
  }

  static boolean namesSite(String text, List<String> siteNames) {
    for (String name : siteNames) {
      if (text.contains(name)) {
        return true;
      }
    }
    return false;
  }

  static boolean titleLike(PageLine line) {
    return line.words >= 3
        && line.words <= 25
        && !line.prose
        && !PageLine.SEPARATORS.matcher(line.text).find()
        && !line.text.endsWith(":")
        && !line.text.endsWith("…")
        && !line.text.endsWith("...")
        && !BYLINE.matcher(line.text).find()
        && Dates.find(line.text).isEmpty()
        && Character.isUpperCase(line.text.codePointAt(0))
        && !line.recurring;
  }

  /** Where the headline is first shown (a byline may sit between its two showings); 0 if none. */
  static int firstShowing(List<PageLine> lines, int titleAt) {
    if (titleAt < 0) {
      return 0;
    }
    String key = SourceLines.key(lines.get(titleAt).text);
    for (int i = 0; i < titleAt; i++) {
      if (SourceLines.key(lines.get(i).text).equals(key)) {
        return i;
      }
    }
    return titleAt;
  }

  /** Shown twice above the article (as the page's title and as its heading). */
  static boolean repeated(List<PageLine> lines, int index, int before) {
    String key = SourceLines.key(lines.get(index).text);
    for (int i = 0; i < before; i++) {
      if (i != index && SourceLines.key(lines.get(i).text).equals(key)) {
        return true;
      }
    }
    return false;
  }

  /** "By Ann Lee", "Written by …", "Author: …", or a bare name just under the headline. */
  static String author(List<PageLine> lines, int from, int titleAt, int to) {
    for (int i = from; i < to; i++) {
      Matcher byline = BYLINE.matcher(lines.get(i).text);
      if (byline.find()) {
        return byline.group(1);
      }
    }
    for (int i = from; i < to; i++) {
      Matcher handle = HANDLE.matcher(lines.get(i).text);
      if (handle.matches()) {
        return handle.group(1);
      }
    }
    for (int i = titleAt + 1; i < Math.min(to, titleAt + 4); i++) {
      if (NAME_ONLY.matcher(lines.get(i).text).matches() && !lines.get(i).chrome) {
        return lines.get(i).text;
      }
    }
    return null;
  }

  /** Lines that name the author (an author box's heading) are page furniture, never text. */
  static void markBylines(List<PageLine> lines, String author) {
    for (PageLine line : lines) {
      if (!line.prose && line.text.contains(author)) {
        line.chrome = true;
      }
    }
  }

  static Instant date(List<PageLine> lines, int from, int to) {
    for (int i = from; i < to; i++) {
      Optional<Instant> found = Dates.find(lines.get(i).text);
      if (found.isPresent()) {
        return found.get();
      }
    }
    return null;
  }
}
