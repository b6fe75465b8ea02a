package dev.tidings.cli;

import dev.tidings.InvalidInputException;
import dev.tidings.editor.ApiTokens;
import dev.tidings.editor.Editor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tidings editor add|list|password} and {@code tidings editor token create|list|revoke}.
 * Passwords are read from standard input or a file, never from the command line, where other users
 * of the machine could see them.
 */
@Command(
    name = "editor",
    description = "Manage the editors of /admin and the API tokens.",
    subcommands = EditorCommand.TokenCommand.class)
final class EditorCommand {
  private final AppContext context;

  EditorCommand(AppContext context) {
    this.context = context;
  }

  @Command(name = "add", description = "Add an editor who logs in at /admin.")
  void add(
      @Parameters(paramLabel = "EMAIL") String email,
      @Option(names = "--name") String name,
      @Option(names = "--role", defaultValue = "editor", description = "editor or admin")
          String role,
      @Option(names = "--password-file", description = "Read the password from this file")
          Path passwordFile,
      @Option(names = "--json") boolean json)
      throws IOException {
    Editor editor =
        context.tidings().editors().add(email, name, password(passwordFile), role(role));
    if (json) {
      context.printJson(view(editor));
    } else {
      context.out().println("editor " + editor.email() + " added (" + editor.role().value() + ")");
    }
  }

  @Command(name = "password", description = "Set an editor's password.")
  void password(
      @Parameters(paramLabel = "EMAIL") String email,
      @Option(names = "--password-file", description = "Read the password from this file")
          Path passwordFile)
      throws IOException {
    Editor editor =
        context
            .tidings()
            .editors()
            .find(email.trim().toLowerCase(Locale.ROOT))
            .orElseThrow(() -> new InvalidInputException("email", "no editor " + email));
    context.tidings().editors().setPassword(editor.id(), password(passwordFile));
    context.out().println("password of " + editor.email() + " changed");
  }

  @Command(name = "list", description = "List the editors.")
  void list(@Option(names = "--json") boolean json) {
    List<Map<String, Object>> views = new ArrayList<>();
    for (Editor editor : context.tidings().editors().list()) {
      views.add(view(editor));
    }
    if (json) {
      context.printJson(views);
      return;
    }
    for (Map<String, Object> view : views) {
      context
          .out()
          .printf("%-40s %-7s %s%n", view.get("email"), view.get("role"), view.get("name"));
    }
  }

  private static Map<String, Object> view(Editor editor) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", editor.id());
    view.put("email", editor.email());
    view.put("name", editor.name() == null ? "" : editor.name());
    view.put("role", editor.role().value());
    return view;
  }

  static Editor.Role role(String role) {
    try {
      return Editor.Role.of(role.trim());
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("role", "unknown --role '" + role + "': use editor or admin");
    }
  }

  private static String password(Path file) throws IOException {
    String password;
    if (file != null) {
      if (!Files.isRegularFile(file)) {
        throw new InvalidInputException("password-file", "cannot read " + file);
      }
      password = Files.readString(file, StandardCharsets.UTF_8);
    } else {
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      password = in.readLine();
    }
    if (password == null) {
      throw new InvalidInputException(
          "password", "no password given: pipe it to standard input or use --password-file");
    }
    return password.strip();
  }

  /** {@code tidings editor token create|list|revoke}. */
  @Command(name = "token", description = "Create, list and revoke API tokens (admins).")
  static final class TokenCommand {
    private final AppContext context;

    TokenCommand(AppContext context) {
      this.context = context;
    }

    @Command(name = "create", description = "Create an API token; it is shown only once.")
    void create(
        @Option(names = "--name", required = true, description = "What the token is for")
            String name,
        @Option(names = "--role", defaultValue = "editor", description = "editor or admin")
            String role,
        @Option(names = "--json") boolean json) {
      ApiTokens.Created created =
          context
              .tidings()
              .apiTokens()
              .create(name, role(role), "cli:" + System.getProperty("user.name", "?"));
      if (json) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", created.token().id());
        view.put("name", created.token().name());
        view.put("role", created.token().role().value());
        view.put("token", created.secret());
        context.printJson(view);
      } else {
        context.out().println(created.secret());
        context.err().println("token " + created.token().id() + " created; it is not shown again");
      }
    }

    @Command(name = "list", description = "List API tokens (without their secrets).")
    void list() {
      for (ApiTokens.ApiToken token : context.tidings().apiTokens().list()) {
        context
            .out()
            .printf(
                "%-5d %-12s %-7s %-30s %s%n",
                token.id(),
                token.prefix() + "…",
                token.role().value(),
                token.name(),
                token.revokedAt() == null ? "live" : "revoked");
      }
    }

    @Command(name = "revoke", description = "Revoke an API token by its id.")
    void revoke(@Parameters(paramLabel = "ID") long id) {
      if (!context.tidings().apiTokens().revoke(id)) {
        throw new InvalidInputException("id", "no live API token " + id);
      }
      context.out().println("token " + id + " revoked");
    }
  }
}
