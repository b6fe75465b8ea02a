package dev.tidings.article;

/**
 * The lead of an article: its first paragraph(s) of plain text, cut at a sentence boundary near a
 * target length, never in the middle of a word. Paragraphs are joined while the lead is short
 * (under 60% of the target), so a one-line opening does not make a one-line excerpt.
 */
public final class Excerpts {
  /** The default target length in characters. */
  public static final int DEFAULT_LENGTH = 280;

  /**
   * Lines that aggregators add to every item and that say nothing about it: Reddit's "submitted by
   * u to r" and its "[link] [N comments]".
   */
  private static final java.util.regex.Pattern BOILERPLATE =
      java.util.regex.Pattern.compile(
          "(?i)^(?:submitted by\\s+\\S+(?:\\s+to\\s+\\S+)?)?\\s*(?:\\[[^\\]]{1,40}\\]\\s*)*$");

  private Excerpts() {}

  /** {@code paragraphs} without aggregator boilerplate; what is left may be nothing. */
  public static java.util.List<String> withoutBoilerplate(java.util.List<String> paragraphs) {
    return paragraphs.stream()
        .filter(p -> !BOILERPLATE.matcher(p.replaceAll("\\s+", " ").strip()).matches())
        .toList();
  }

  /** The excerpt of {@code paragraphs} (plain text, one paragraph per element). */
  public static String of(Iterable<String> paragraphs, int target) {
    StringBuilder lead = new StringBuilder();
    for (String paragraph : paragraphs) {
      String clean = paragraph.replaceAll("\\s+", " ").trim();
      if (clean.isEmpty()) {
        continue;
      }
      if (lead.length() > 0) {
        if (lead.length() + clean.length() > target * 1.3) {
          break;
        }
        lead.append(' ');
      }
      lead.append(clean);
      if (lead.length() >= target * 0.6) {
        break;
      }
    }
    return cut(lead.toString(), target);
  }

  /**
   * {@code text} when it is at most 30% over {@code target}; else cut after the sentence that ends
   * nearest the target (between half and 1.3 times it), else at the last word before the target.
   */
  static String cut(String text, int target) {
    int limit = (int) (target * 1.3);
    if (text.length() <= limit) {
      return text;
    }
    int best = -1;
    for (int i = target / 2; i < Math.min(text.length() - 1, limit); i++) {
      char c = text.charAt(i);
      boolean end = c == '.' || c == '!' || c == '?';
      if (end && Character.isWhitespace(text.charAt(i + 1))) {
        if (best < 0 || Math.abs(i + 1 - target) < Math.abs(best - target)) {
          best = i + 1;
        }
      }
    }
    if (best > 0) {
      return text.substring(0, best);
    }
    int space = text.lastIndexOf(' ', target);
    return text.substring(0, space > 0 ? space : target).replaceAll("[\\s,;:]+$", "") + "…";
  }
}
