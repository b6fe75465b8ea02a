package dev.tidings.web;

import dev.tidings.subscriber.SubscriberStats;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The subscriber growth chart as inline SVG (no script, no CDN): an area under the running total,
 * with the first, middle and last dates and the top value as labels. Built from numbers and dates
 * only, so it is safe to insert unescaped.
 */
final class GrowthChart {
  private static final int WIDTH = 640;
  private static final int HEIGHT = 200;
  private static final int LEFT = 44;
  private static final int BOTTOM = 24;
  private static final int TOP = 12;
  private static final DateTimeFormatter LABEL =
      DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);

  private GrowthChart() {}

  static String svg(List<SubscriberStats.Point> points) {
    long max = 1;
    for (SubscriberStats.Point point : points) {
      max = Math.max(max, point.total());
    }
    max = niceCeiling(max);
    double plotWidth = WIDTH - LEFT - 8.0;
    double plotHeight = HEIGHT - TOP - BOTTOM;
    StringBuilder line = new StringBuilder();
    int count = points.size();
    for (int i = 0; i < count; i++) {
      double x = LEFT + (count == 1 ? 0 : plotWidth * i / (count - 1));
      double y = TOP + plotHeight * (1 - (double) points.get(i).total() / max);
      line.append(i == 0 ? "M" : " L").append(format(x)).append(',').append(format(y));
    }
    String baseline = format(TOP + plotHeight);
    StringBuilder svg = new StringBuilder();
    svg.append("<svg viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(HEIGHT)
        .append("\" role=\"img\" aria-label=\"Subscribers over the last ")
        .append(count)
        .append(" days\">");
    for (int step = 0; step <= 2; step++) {
      double y = TOP + plotHeight * step / 2;
      svg.append("<line class=\"grid-line\" x1=\"")
          .append(LEFT)
          .append("\" x2=\"")
          .append(WIDTH - 8)
          .append("\" y1=\"")
          .append(format(y))
          .append("\" y2=\"")
          .append(format(y))
          .append("\"/>");
      svg.append("<text class=\"axis\" x=\"")
          .append(LEFT - 6)
          .append("\" y=\"")
          .append(format(y + 4))
          .append("\" text-anchor=\"end\">")
          .append(max * (2 - step) / 2)
          .append("</text>");
    }
    if (count > 0) {
      svg.append("<path class=\"area\" d=\"")
          .append(line)
          .append(" L")
          .append(format(LEFT + (count == 1 ? 0 : plotWidth)))
          .append(',')
          .append(baseline)
          .append(" L")
          .append(LEFT)
          .append(',')
          .append(baseline)
          .append(" Z\"/>");
      svg.append("<path class=\"line\" d=\"").append(line).append("\"/>");
      int[] labelled = {0, count / 2, count - 1};
      String[] anchors = {"start", "middle", "end"};
      for (int i = 0; i < labelled.length; i++) {
        int index = labelled[i];
        double x = LEFT + (count == 1 ? 0 : plotWidth * index / (count - 1));
        svg.append("<text class=\"axis\" x=\"")
            .append(format(x))
            .append("\" y=\"")
            .append(HEIGHT - 6)
            .append("\" text-anchor=\"")
            .append(anchors[i])
            .append("\">")
            .append(LABEL.format(points.get(index).day()))
            .append("</text>");
      }
    }
    return svg.append("</svg>").toString();
  }

  /** 1, 2 or 5 times a power of ten, at least {@code value}: round axis labels. */
  private static long niceCeiling(long value) {
    long power = 1;
    while (power * 10 <= value) {
      power *= 10;
    }
    for (long factor : new long[] {1, 2, 5, 10}) {
      if (factor * power >= value) {
        return factor * power;
      }
    }
    return value;
  }

  private static String format(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }
}
