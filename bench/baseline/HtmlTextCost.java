import dev.tidings.article.HtmlContent;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * CPU time of turning article HTML into its text ({@code HtmlContent.toText}) and of sanitizing it
 * ({@code HtmlContent.sanitize}), for articles of N paragraphs: how the cost grows with the size of
 * what the API, the admin upload or a feed can hand in. Each size is run after one warm-up run.
 *
 * <pre>
 * java -cp target/tidings.jar bench/baseline/HtmlTextCost.java 10000 100000 1000000
 * </pre>
 *
 * <p>Prints one line of JSON per size: elements, html_bytes, to_text_s, sanitize_s, text_chars.
 */
public class HtmlTextCost {
  public static void main(String[] args) {
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    String warm = html(2_000);
    HtmlContent.toText(HtmlContent.sanitize(warm));
    for (String arg : args) {
      int elements = Integer.parseInt(arg);
      String html = html(elements);
      long start = cpu.getCurrentThreadCpuTime();
      String clean = HtmlContent.sanitize(html);
      long sanitized = cpu.getCurrentThreadCpuTime();
      String text = HtmlContent.toText(clean);
      long converted = cpu.getCurrentThreadCpuTime();
      System.out.printf(
          Locale.ROOT,
          "{\"elements\": %d, \"html_bytes\": %d, \"to_text_s\": %.3f, \"sanitize_s\": %.3f,"
              + " \"text_chars\": %d}%n",
          elements,
          html.length(),
          (converted - sanitized) / 1e9,
          (sanitized - start) / 1e9,
          text.length());
    }
  }

  /** N paragraphs left open, each with one digit: the shape of the reported 600 KB article. */
  private static String html(int elements) {
    StringBuilder out = new StringBuilder(elements * 4);
    for (int i = 0; i < elements; i++) {
      out.append("<p>").append(i % 10);
    }
    return out.toString();
  }
}
