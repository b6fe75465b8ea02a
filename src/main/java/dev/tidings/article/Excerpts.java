package dev.tidings.article;

/**
 * The lead of an article: its first paragraph(s) of plain text, cut at a sentence boundary near
 * {@link #TARGET} characters, never in the middle of a word.
 */
public final class Excerpts {
  static final int TARGET = 280;

  private Excerpts() {}

  /** The excerpt of {@code paragraphs} (plain text, one paragraph per element). */
  public static String of(Iterable<String> paragraphs) {
    StringBuilder lead = new StringBuilder();
    for (String paragraph : paragraphs) {
      String clean = paragraph.replaceAll("\\s+", " ").trim();
      if (clean.isEmpty()) {
        continue;
      }
      if (lead.length() > 0) {
        if (lead.length() + clean.length() > TARGET * 1.3) {
          break;
        }
        lead.append(' ');
      }
      lead.append(clean);
      if (lead.length() >= TARGET * 0.6) {
        break;
      }
    }
    return cut(lead.toString());
  }

  static String cut(String text) {
    if (text.length() <= TARGET * 1.3) {
      return text;
    }
    int sentenceEnd = -1;
    for (int i = (int) (TARGET * 0.5); i < Math.min(text.length() - 1, TARGET * 1.3); i++) {
      char c = text.charAt(i);
      if ((c == '.' || c == '!' || c == '?') && Character.isWhitespace(text.charAt(i + 1))) {
        sentenceEnd = i + 1;
        if (i >= TARGET) {
          break;
        }
      }
    }
    if (sentenceEnd > 0) {
      return text.substring(0, sentenceEnd);
    }
    int space = text.lastIndexOf(' ', TARGET);
    return text.substring(0, space > 0 ? space : TARGET).replaceAll("[\\s,;:]+$", "") + "…";
  }
}
