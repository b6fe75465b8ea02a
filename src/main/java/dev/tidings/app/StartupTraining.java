package dev.tidings.app;

import dev.tidings.cli.AppContext;
import dev.tidings.cli.TidingsCommand;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The training run behind the launcher's class-data sharing archive ({@code
 * scripts/tidings-java.sh}). The archive holds the classes one JVM loaded, so this run loads what
 * real commands load: it runs the commands of a manual send, in one JVM, against a throw-away H2
 * database and the built-in mail catcher on a free port, and loads the MySQL driver's JDBC classes
 * (no server is needed for that). A command that then starts from the archive maps those classes
 * instead of reading and verifying them from the jar; an archive written by whatever command came
 * first after a build held a third of them, and a manual send's first message went out about a
 * second later.
 *
 * <p>Not a command: {@code java -XX:ArchiveClassesAtExit=... -cp tidings.jar
 * dev.tidings.app.StartupTraining [--verbose]}. Prints nothing unless verbose; exits 0 even when a
 * step fails, since a partial archive still helps.
 */
public final class StartupTraining {
  /** Packages of the MySQL driver that a JDBC connection never uses (X protocol, telemetry). */
  private static final List<String> UNUSED_DRIVER_PACKAGES =
      List.of(
          "com/mysql/cj/x/",
          "com/mysql/cj/xdevapi/",
          "com/mysql/cj/protocol/x/",
          "com/mysql/cj/otel/");

  private StartupTraining() {}

  public static void main(String[] args) throws IOException {
    Path dir = Files.createTempDirectory("tidings-training");
    // "--verbose" shows the commands' output, to see why a training run falls short.
    boolean verbose = args.length > 0 && "--verbose".equals(args[0]);
    // The logging set-up of a command (Main): warnings only.
    System.setProperty("tidings.log.level", verbose ? "INFO" : "WARN");
    PrintWriter quiet =
        new PrintWriter(verbose ? System.err : OutputStream.nullOutputStream(), true);
    try {
      runCommands(dir, quiet);
      loadDriverClasses();
    } catch (RuntimeException | IOException | LinkageError e) {
      // Whatever was loaded so far still goes into the archive.
    } finally {
      quiet.flush();
      deleteTree(dir);
    }
    System.exit(0);
  }

  private static void runCommands(Path dir, PrintWriter quiet) throws IOException {
    Map<String, String> variables = new HashMap<>();
    variables.put("TIDINGS_DATA_DIR", dir.resolve("data").toString());
    variables.put("TIDINGS_SECRET", "startup-training-secret-0123456789");
    variables.put("TIDINGS_POSTAL_ADDRESS", "1 Training Street");
    variables.put("TIDINGS_CATCHER_PORT", String.valueOf(freePort()));
    variables.put(
        "TIDINGS_TEMPLATES_DIR",
        System.getenv().getOrDefault("TIDINGS_TEMPLATES_DIR", Config.DEFAULT_TEMPLATES_DIR));
    Path article = dir.resolve("training-article.md");
    Files.writeString(
        article,
        "# A training article\n\nA paragraph with *emphasis*, a [link](https://example.com/more)"
            + " and enough words to make an excerpt of a sentence or two.\n\nA second paragraph.\n",
        StandardCharsets.UTF_8);
    try (AppContext context = new AppContext(quiet, quiet, () -> variables)) {
      String[][] commands = {
        {
          "newsletter",
          "add",
          "--slug",
          "training",
          "--name",
          "Training",
          "--cron",
          "0 7 * * 1",
          "--from",
          "news@training.example.com",
          "--from-name",
          "Training desk"
        },
        {"article", "import", article.toString(), "--url", "https://example.com/training"},
        {
          "subscriber",
          "add",
          "reader@training.example.com",
          "--name",
          "Reader",
          "--newsletter",
          "training",
          "--confirmed"
        },
        {"edition", "preview", "--newsletter", "training", "--format", "eml"},
        {"edition", "send", "--newsletter", "training", "--wait"},
      };
      for (String[] command : commands) {
        TidingsCommand.execute(command, context);
      }
    }
  }

  /** Loads (without initializing) the driver classes that MySQL and MariaDB connections use. */
  private static void loadDriverClasses() throws IOException {
    Path jar = Path.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)[0]);
    ClassLoader loader = StartupTraining.class.getClassLoader();
    try (JarFile file = new JarFile(jar.toFile())) {
      Enumeration<JarEntry> entries = file.entries();
      while (entries.hasMoreElements()) {
        String name = entries.nextElement().getName();
        if (name.startsWith("com/mysql/cj/")
            && name.endsWith(".class")
            && UNUSED_DRIVER_PACKAGES.stream().noneMatch(name::startsWith)) {
          try {
            Class.forName(name.substring(0, name.length() - 6).replace('/', '.'), false, loader);
          } catch (ClassNotFoundException | LinkageError e) {
            // An optional dependency of the driver is absent; the class is not needed.
          }
        }
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // A temporary folder left behind is harmless.
    }
  }
}
