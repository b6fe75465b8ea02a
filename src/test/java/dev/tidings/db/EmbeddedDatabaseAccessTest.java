package dev.tidings.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.Harness;
import dev.tidings.TestDatabase;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The embedded H2 default against another local account: its server (AUTO_SERVER) must not take
 * anyone who cannot read the data folder. Before, the folder was 0755, the lock file that names the
 * server's port and key 0644, and the database took user sa with an empty password, so a local user
 * could connect, {@code CREATE ALIAS} a Java method and run code as Tidings.
 */
class EmbeddedDatabaseAccessTest {
  private static final int WRONG_USER_OR_PASSWORD = 28000;

  @Test
  void theDataFolder_andEverythingInIt_isTheOwnersAlone() throws Exception {
    try (Harness harness = Harness.start(TestDatabase.Kind.H2)) {
      Path data = harness.database.dataDir();
      assertEquals("rwx------", mode(data));
      List<Path> inside;
      try (Stream<Path> walk = Files.walk(data)) {
        inside = walk.filter(path -> !path.equals(data)).toList();
      }
      assertTrue(inside.contains(data.resolve("tidings.mv.db")), inside.toString());
      assertTrue(inside.contains(data.resolve("tidings.lock.db")), inside.toString());
      assertTrue(inside.contains(data.resolve("database-password")), inside.toString());
      for (Path path : inside) {
        assertEquals(
            Files.isDirectory(path) ? "rwx------" : "rw-------", mode(path), path.toString());
      }
    }
  }

  @Test
  void theServer_listensOnLoopback_andRefusesTheOldEmptyPassword() throws Exception {
    try (Harness harness = Harness.start(TestDatabase.Kind.H2)) {
      Path data = harness.database.dataDir();
      Properties lock = new Properties();
      try (Reader reader = Files.newBufferedReader(data.resolve("tidings.lock.db"))) {
        lock.load(reader);
      }
      String server = lock.getProperty("server");
      assertTrue(server != null && server.contains(":"), "server=" + server);
      int port = Integer.parseInt(server.substring(server.lastIndexOf(':') + 1));
      // 127.0.0.1, as an IPv4 socket or IPv4-mapped on an IPv6 one; never 0.0.0.0 or ::.
      List<String> bound = listeningAddresses(port);
      assertTrue(!bound.isEmpty(), "nothing listens on " + port);
      assertTrue(
          bound.stream()
              .allMatch(a -> a.equals("0100007F") || a.equals("0000000000000000FFFF00000100007F")),
          "bound to 127.0.0.1 only, not " + bound);

      // What the intruder did, knowing the lock file: connect as sa with no password.
      SQLException refused =
          assertThrows(
              SQLException.class,
              () -> DriverManager.getConnection(Database.embeddedUrl(data), "sa", "").close());
      assertEquals(WRONG_USER_OR_PASSWORD, refused.getErrorCode(), refused.getMessage());

      // The owner (a CLI command beside serve) reads the password and is let in.
      String password = Files.readString(data.resolve("database-password")).trim();
      assertTrue(password.matches("[0-9a-f]{64}"), password);
      try (Connection owner =
              DriverManager.getConnection(Database.embeddedUrl(data), "sa", password);
          Statement statement = owner.createStatement()) {
        assertTrue(statement.executeQuery("SELECT COUNT(*) FROM newsletters").next());
      }
    }
  }

  @Test
  void aFileMadeWithTheEmptyPassword_getsTheGeneratedOne_andLoosePermissionsAreTightened()
      throws Exception {
    TestDatabase database = TestDatabase.create(TestDatabase.Kind.H2);
    Path data = database.dataDir();
    try (Harness first = Harness.startOn(database)) {
      first.newsletter("kept");
    }
    // Make it what an older Tidings left: H2's empty password, no password file, open modes.
    String generated = Files.readString(data.resolve("database-password")).trim();
    try (Connection old = DriverManager.getConnection(Database.embeddedUrl(data), "sa", generated);
        Statement statement = old.createStatement()) {
      statement.execute("ALTER USER SA SET PASSWORD ''");
    }
    Files.delete(data.resolve("database-password"));
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(
        data.resolve("tidings.mv.db"), PosixFilePermissions.fromString("rw-r--r--"));
    try (Harness harness = Harness.startOn(database)) {
      assertEquals(1, harness.count("SELECT COUNT(*) FROM newsletters WHERE slug = 'kept'"));
      assertEquals("rwx------", mode(data));
      assertEquals("rw-------", mode(data.resolve("tidings.mv.db")));
      SQLException refused =
          assertThrows(
              SQLException.class,
              () -> DriverManager.getConnection(Database.embeddedUrl(data), "sa", "").close());
      assertEquals(WRONG_USER_OR_PASSWORD, refused.getErrorCode(), refused.getMessage());
    }
  }

  /** The local addresses (hex, as in /proc/net/tcp) of the sockets listening on {@code port}. */
  private static List<String> listeningAddresses(int port) throws java.io.IOException {
    String hexPort = String.format("%04X", port);
    List<String> addresses = new java.util.ArrayList<>();
    for (String file : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      List<String> lines = Files.readAllLines(Path.of(file));
      for (String line : lines.subList(1, lines.size())) {
        String[] fields = line.trim().split("\\s+");
        String[] local = fields[1].split(":");
        if (local[1].equals(hexPort) && fields[3].equals("0A")) {
          addresses.add(local[0]);
        }
      }
    }
    return addresses;
  }

  private static String mode(Path path) throws java.io.IOException {
    return PosixFilePermissions.toString(
        Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
  }
}
