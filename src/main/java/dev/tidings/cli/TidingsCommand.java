package dev.tidings.cli;

import dev.tidings.InvalidInputException;
import dev.tidings.app.Config;
import dev.tidings.db.DataAccessException;
import dev.tidings.edition.TemplateException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tidings} command and its error handling: one line on stderr, non-zero exit. */
@Command(
    name = "tidings",
    mixinStandardHelpOptions = true,
    scope = CommandLine.ScopeType.INHERIT,
    version = "tidings 0.1.0",
    description = "Self-hosted newsletter digests: articles in, scheduled emails out.")
public final class TidingsCommand implements Runnable {
  /**
   * The subcommands, in the order the help lists them. A command line builds only the one it names
   * (or all of them, for help and unknown names): picocli reads every option of every command it is
   * given by reflection, and doing that for the whole tree took a third of a second of each
   * command's start, before a manual send's first message.
   */
  private static final List<Class<?>> COMMANDS =
      List.of(
          ServeCommand.class,
          MigrateCommand.class,
          NewsletterCommand.class,
          SubscriberCommand.class,
          ArticleCommand.class,
          EditionCommand.class,
          BounceCommand.class,
          DkimCommand.class,
          FeedCommand.class,
          EditorCommand.class);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "choose a command");
  }

  /** Runs the command line and returns the exit code. */
  public static int execute(String[] args, AppContext context) {
    Factory factory = new Factory(context);
    CommandLine commandLine = new CommandLine(new TidingsCommand(), factory);
    String named = args.length > 0 ? args[0] : "";
    boolean known = COMMANDS.stream().anyMatch(command -> nameOf(command).equals(named));
    for (Class<?> command : COMMANDS) {
      if (!known || nameOf(command).equals(named)) {
        commandLine.addSubcommand(nameOf(command), new CommandLine(command, factory));
      }
    }
    commandLine.setOut(context.out());
    commandLine.setErr(context.err());
    commandLine.setExecutionExceptionHandler(
        (error, line, parseResult) -> {
          line.getErr().println("tidings: error: " + describe(error));
          if (System.getenv("TIDINGS_DEBUG") != null) {
            error.printStackTrace(line.getErr());
          }
          return 1;
        });
    return commandLine.execute(args);
  }

  private static String nameOf(Class<?> command) {
    return command.getAnnotation(Command.class).name();
  }

  static String describe(Throwable error) {
    if (error instanceof InvalidInputException
        || error instanceof Config.ConfigException
        || error instanceof TemplateException
        || error instanceof DataAccessException
        || error instanceof IllegalStateException) {
      return oneLine(error.getMessage());
    }
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return oneLine(
        error.getClass().getSimpleName()
            + ": "
            + error.getMessage()
            + (root != error ? " (" + root.getMessage() + ")" : ""));
  }

  private static String oneLine(String message) {
    return message == null ? "unknown error" : message.replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }

  /** Gives commands the shared context. */
  private static final class Factory implements CommandLine.IFactory {
    private final AppContext context;

    Factory(AppContext context) {
      this.context = context;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
      try {
        return type.getDeclaredConstructor(AppContext.class).newInstance(context);
      } catch (NoSuchMethodException e) {
        return CommandLine.defaultFactory().create(type);
      }
    }
  }
}
