package dev.tidings.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The named queries and the code agree: every {@code database.sql("…")} names a query of {@code
 * src/main/resources/sql}, and every query there is named somewhere in the code (as the argument,
 * or as a string the code picks it by), so no query is dead.
 */
class SqlNamesTest {
  private static final Pattern DEFINED = Pattern.compile("(?m)^--\\s*name:\\s*([a-z0-9-]+)\\s*$");
  private static final Pattern CALLED = Pattern.compile("\\.sql\\(\"([a-z0-9-]+)\"\\)");
  private static final Pattern LITERAL = Pattern.compile("\"([a-z0-9]+(?:-[a-z0-9]+)*)\"");

  @Test
  void everyCalledQueryExists_andEveryQueryIsUsed() throws Exception {
    Set<String> defined = names(Path.of("src/main/resources/sql"), DEFINED, ".sql");
    Set<String> called = names(Path.of("src/main/java"), CALLED, ".java");
    Set<String> literals = names(Path.of("src/main/java"), LITERAL, ".java");
    assertThat(defined).as("named queries").isNotEmpty();
    assertThat(called).as("queries the code calls that do not exist").isSubsetOf(defined);
    Set<String> unused = new TreeSet<>(defined);
    unused.removeAll(literals);
    assertThat(unused).as("queries no code names").isEmpty();
  }

  private static Set<String> names(Path root, Pattern pattern, String suffix) throws Exception {
    Set<String> names = new TreeSet<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(f -> f.toString().endsWith(suffix)).toList()) {
        Matcher matcher = pattern.matcher(Files.readString(file));
        while (matcher.find()) {
          names.add(matcher.group(1));
        }
      }
    }
    return names;
  }
}
