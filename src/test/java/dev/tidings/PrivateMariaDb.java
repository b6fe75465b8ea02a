package dev.tidings;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A MariaDB server of the test's own (fresh data folder, its own port), so a test can stop and
 * start it without touching the shared server the other tests use. Root logs in without a password
 * over loopback TCP.
 */
final class PrivateMariaDb implements AutoCloseable {
  private final Path dataDir;
  private final int port;
  private Process server;

  private PrivateMariaDb(Path dataDir, int port) {
    this.dataDir = dataDir;
    this.port = port;
  }

  static PrivateMariaDb install() throws Exception {
    Path dataDir = Files.createTempDirectory("tidings-mariadb-");
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    Process install =
        new ProcessBuilder(
                "mariadb-install-db",
                "--no-defaults",
                "--datadir=" + dataDir,
                "--user=" + System.getProperty("user.name"),
                "--auth-root-authentication-method=normal",
                "--skip-test-db")
            .redirectErrorStream(true)
            .redirectOutput(dataDir.resolveSibling(dataDir.getFileName() + ".install.log").toFile())
            .start();
    if (!install.waitFor(120, TimeUnit.SECONDS) || install.exitValue() != 0) {
      throw new IllegalStateException("mariadb-install-db failed, see " + dataDir + ".install.log");
    }
    PrivateMariaDb db = new PrivateMariaDb(dataDir, port);
    db.start();
    return db;
  }

  int port() {
    return port;
  }

  String url(String database) {
    return "jdbc:mysql://127.0.0.1:" + port + "/" + database;
  }

  void start() throws Exception {
    File log = dataDir.resolveSibling(dataDir.getFileName() + ".log").toFile();
    server =
        new ProcessBuilder(
                "/usr/sbin/mariadbd",
                "--no-defaults",
                "--datadir=" + dataDir,
                "--port=" + port,
                "--bind-address=127.0.0.1",
                "--socket=" + dataDir.resolve("sock"),
                "--pid-file=" + dataDir.resolve("pid"),
                "--user=" + System.getProperty("user.name"),
                "--innodb-buffer-pool-size=64M",
                "--skip-log-bin")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException("private MariaDB did not start, see " + log);
  }

  /** Shuts the server down (SIGTERM, as an init system would) and waits for it. */
  void stop() throws InterruptedException {
    if (server != null) {
      server.destroy();
      server.waitFor(60, TimeUnit.SECONDS);
      server = null;
    }
  }

  @Override
  public void close() throws Exception {
    if (server != null) {
      server.destroyForcibly().waitFor();
    }
  }
}
