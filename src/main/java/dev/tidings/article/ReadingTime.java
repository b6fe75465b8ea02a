package dev.tidings.article;

/** Reading time from a word count: 230 words a minute (an adult reading prose), at least 1. */
public final class ReadingTime {
  static final double WORDS_PER_MINUTE = 230.0;

  private ReadingTime() {}

  public static int minutes(int words) {
    return Math.max(1, (int) Math.round(words / WORDS_PER_MINUTE));
  }
}
