package dev.tidings.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The settings, the docs and the example file agree: every {@code TIDINGS_*} variable the code
 * reads is in {@code .env.example} and in {@code docs/configuration.md}, and the default each of
 * them shows is the value the code falls back to (compared as read, so {@code 15m} and the code's
 * {@code Duration.ofMinutes(15)} match). A variable the example leaves commented out has no value
 * by default.
 */
class ConfigDocsTest {
  private static final Pattern EXAMPLE = Pattern.compile("(?m)^(#\\s*)?(TIDINGS_[A-Z0-9_]+)=(.*)$");
  private static final Pattern DOC_ROW =
      Pattern.compile("(?m)^\\| `(TIDINGS_[A-Z0-9_]+)` \\| ([^|]*) \\|");
  private static final Pattern FIRST_CODE = Pattern.compile("`([^`]*)`");
  private static final Pattern READ = Pattern.compile("\"(TIDINGS_[A-Z0-9_]+)\"");

  @Test
  void everySetting_isDocumented_withTheDefaultTheCodeUses() throws Exception {
    Map<String, Object> defaults = Config.resolved(Map.of());
    String example = Files.readString(Path.of(".env.example"));
    String docs = Files.readString(Path.of("docs/configuration.md"));
    Map<String, String> exampleValues = new LinkedHashMap<>();
    Matcher line = EXAMPLE.matcher(example);
    while (line.find()) {
      if (line.group(1) == null && !line.group(3).isBlank()) {
        exampleValues.put(line.group(2), line.group(3).strip());
      }
    }
    Map<String, String> docCells = new LinkedHashMap<>();
    Matcher row = DOC_ROW.matcher(docs);
    while (row.find()) {
      docCells.put(row.group(1), row.group(2).strip());
    }

    List<String> problems = new ArrayList<>();
    for (String name : readByTheCode()) {
      // The environment-only ones (TIDINGS_LOG_LEVEL, TIDINGS_DEBUG) are named in a comment.
      if (!example.contains(name)) {
        problems.add(name + " is not in .env.example");
      }
      if (!docCells.containsKey(name)) {
        problems.add(name + " is not in docs/configuration.md");
      }
    }
    for (Map.Entry<String, Object> setting : defaults.entrySet()) {
      String name = setting.getKey();
      Object fallback = setting.getValue();
      String shown = exampleValues.get(name);
      if (shown != null && !same(name, shown, fallback)) {
        problems.add(
            name + ": .env.example shows " + shown + ", the code's default is " + fallback);
      }
      String cell = docCells.get(name);
      Matcher code = cell == null ? null : FIRST_CODE.matcher(cell);
      if (code != null && code.find() && !same(name, code.group(1), fallback)) {
        problems.add(
            name + ": docs/configuration.md shows " + cell + ", the code's default is " + fallback);
      }
    }
    assertThat(problems).isEmpty();
    assertThat(defaults).as("settings read with a default").hasSizeGreaterThan(40);
  }

  /** True when setting {@code name} to {@code text} reads as the default {@code fallback}. */
  private static boolean same(String name, String text, Object fallback) {
    Object read = Config.resolved(Map.of(name, text)).get(name);
    return fallback == null ? text.isEmpty() : fallback.equals(read);
  }

  private static Set<String> readByTheCode() throws Exception {
    Set<String> names = new TreeSet<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Matcher matcher = READ.matcher(Files.readString(file));
        while (matcher.find()) {
          names.add(matcher.group(1));
        }
      }
    }
    return names;
  }
}
