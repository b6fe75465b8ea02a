package dev.tidings.edition;

import java.util.Map;

/** Delivery counts of one edition by status. */
public record Progress(
    long queued, long sending, long retry, long sent, long failed, long skipped) {

  public static Progress of(Map<String, Long> counts) {
    return new Progress(
        counts.getOrDefault("queued", 0L),
        counts.getOrDefault("sending", 0L),
        counts.getOrDefault("retry", 0L),
        counts.getOrDefault("sent", 0L),
        counts.getOrDefault("failed", 0L),
        counts.getOrDefault("skipped", 0L));
  }

  public long total() {
    return queued + sending + retry + sent + failed + skipped;
  }

  /** Rows that are finished one way or another. */
  public long done() {
    return sent + failed + skipped;
  }

  /** Rows still to be tried (queued, leased or waiting to retry). */
  public long open() {
    return queued + sending + retry;
  }
}
