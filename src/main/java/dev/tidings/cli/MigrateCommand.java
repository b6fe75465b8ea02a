package dev.tidings.cli;

import picocli.CommandLine.Command;

/** {@code tidings migrate}: bring the schema up to date (every command also does). */
@Command(name = "migrate", description = "Apply pending database migrations.")
final class MigrateCommand implements Runnable {
  private final AppContext context;

  MigrateCommand(AppContext context) {
    this.context = context;
  }

  @Override
  public void run() {
    context.tidings();
    context.out().println("database schema is up to date");
  }
}
