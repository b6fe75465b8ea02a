package dev.tidings.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MigrationsTest {
  private static final Pattern VERSION = Pattern.compile("^V(\\d+)__.*\\.(sql|java)$");

  @Test
  void latestNamesTheNewestMigration() throws IOException {
    List<Integer> versions = new ArrayList<>();
    for (Path folder :
        List.of(
            Path.of("src/main/resources/db/migration"), Path.of("src/main/java/dev/tidings/db"))) {
      try (Stream<Path> files = Files.list(folder)) {
        files.forEach(
            file -> {
              Matcher matcher = VERSION.matcher(file.getFileName().toString());
              if (matcher.matches()) {
                versions.add(Integer.parseInt(matcher.group(1)));
              }
            });
      }
    }
    assertThat(versions).isNotEmpty();
    assertThat(Migrations.LATEST)
        .isEqualTo(String.valueOf(versions.stream().mapToInt(Integer::intValue).max().orElse(0)));
  }
}
