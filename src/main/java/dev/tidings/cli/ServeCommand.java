package dev.tidings.cli;

import dev.tidings.app.Tidings;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;

/** {@code tidings serve}: web, scheduler and delivery workers until SIGTERM or Ctrl-C. */
@Command(
    name = "serve",
    description = "Run the web server, the scheduler and the delivery workers.")
final class ServeCommand implements Runnable {
  private final AppContext context;

  ServeCommand(AppContext context) {
    this.context = context;
  }

  @Override
  public void run() {
    Tidings tidings = context.tidings();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  // SIGTERM: stop claiming, finish or hand back what is in flight, write the acks.
                  context.close();
                  stopped.countDown();
                },
                "tidings-shutdown"));
    tidings.serve();
    String base = tidings.links().base();
    context.out().println("Tidings is running at " + base + " (port " + tidings.httpPort() + ")");
    if (tidings.config().embeddedCatcher()) {
      context
          .out()
          .println(
              "No TIDINGS_SMTP_HOST set: mail goes to the built-in catcher; read it at "
                  + base
                  + "/admin/mailbox");
    }
    context
        .out()
        .println(
            "Data: "
                + (tidings.config().database().url().isPresent()
                    ? "MySQL/MariaDB"
                    : "H2 file in " + tidings.config().dataDir().toAbsolutePath().normalize()));
    context.out().flush();
    Thread sync =
        new Thread(
            () -> {
              while (stopped.getCount() > 0) {
                try {
                  Thread.sleep(30_000);
                  tidings.syncSchedules();
                } catch (InterruptedException e) {
                  return;
                } catch (RuntimeException e) {
                  org.slf4j.LoggerFactory.getLogger(ServeCommand.class)
                      .warn("cannot refresh schedules: {}", e.getMessage());
                }
              }
            },
            "tidings-schedule-sync");
    sync.setDaemon(true);
    sync.start();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
