package dev.tidings.app;

import dev.tidings.cli.AppContext;
import dev.tidings.cli.TidingsCommand;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** Entry point: {@code tidings <command>}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    boolean serving = args.length > 0 && "serve".equals(args[0]);
    // Commands print results on stdout; logs go to stderr, and only warnings unless serving.
    if (System.getProperty("tidings.log.level") == null) {
      String level = System.getenv("TIDINGS_LOG_LEVEL");
      System.setProperty("tidings.log.level", level != null ? level : serving ? "INFO" : "WARN");
    }
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
    int code;
    AppContext context = new AppContext(out);
    try {
      code = TidingsCommand.execute(args, context);
    } finally {
      out.flush();
      if (!serving) {
        context.close();
      }
    }
    if (!serving || code != 0) {
      System.exit(code);
    }
  }
}
