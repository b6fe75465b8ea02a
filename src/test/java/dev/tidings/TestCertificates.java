package dev.tidings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A private certificate authority and server certificates made with OpenSSL, for the TLS tests: one
 * for {@code localhost} and {@code 127.0.0.1} signed by the CA, one signed by the CA for another
 * host, and one for {@code localhost} signed by a second CA the tests never trust. Made once per
 * test JVM in a temporary folder.
 */
public final class TestCertificates {
  private static TestCertificates made;

  /** The folder holding the files. */
  public final Path dir;

  private TestCertificates(Path dir) {
    this.dir = dir;
  }

  public static synchronized TestCertificates get() throws IOException, InterruptedException {
    if (made == null) {
      Path dir = Files.createTempDirectory("tidings-tls");
      authority(dir, "ca", "Tidings Test CA");
      authority(dir, "other-ca", "Someone Else's CA");
      server(dir, "server", "ca", "DNS:localhost,IP:127.0.0.1");
      server(dir, "wrong-host", "ca", "DNS:relay.elsewhere.example");
      server(dir, "foreign", "other-ca", "DNS:localhost,IP:127.0.0.1");
      run(
          dir,
          "openssl",
          "pkcs12",
          "-export",
          "-in",
          "server.pem",
          "-inkey",
          "server.key",
          "-name",
          "greenmail",
          "-passout",
          "pass:changeit",
          "-out",
          "server.p12");
      made = new TestCertificates(dir);
    }
    return made;
  }

  /** The CA certificate the tests trust (PEM). */
  public Path ca() {
    return dir.resolve("ca.pem");
  }

  /** A certificate chain file ({@code name}.pem) and its key ({@code name}.key). */
  public Path certificate(String name) {
    return dir.resolve(name + ".pem");
  }

  public Path key(String name) {
    return dir.resolve(name + ".key");
  }

  /** The localhost certificate and key as a PKCS#12 store, password {@code changeit}. */
  public Path serverStore() {
    return dir.resolve("server.p12");
  }

  private static void authority(Path dir, String name, String commonName)
      throws IOException, InterruptedException {
    run(
        dir,
        "openssl",
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        name + ".key",
        "-out",
        name + ".pem",
        "-days",
        "3650",
        "-subj",
        "/CN=" + commonName,
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign");
  }

  private static void server(Path dir, String name, String authority, String names)
      throws IOException, InterruptedException {
    run(
        dir,
        "openssl",
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        name + ".key",
        "-out",
        name + ".csr",
        "-subj",
        "/CN=" + name);
    Files.writeString(
        dir.resolve(name + ".ext"),
        "subjectAltName=" + names + "\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n");
    run(
        dir,
        "openssl",
        "x509",
        "-req",
        "-in",
        name + ".csr",
        "-CA",
        authority + ".pem",
        "-CAkey",
        authority + ".key",
        "-CAcreateserial",
        "-out",
        name + ".pem",
        "-days",
        "3650",
        "-extfile",
        name + ".ext");
  }

  private static void run(Path dir, String... command) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(List.of(command))
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("openssl.log").toFile())
            .start();
    if (process.waitFor() != 0) {
      throw new IOException(
          String.join(" ", command) + " failed: " + Files.readString(dir.resolve("openssl.log")));
    }
  }
}
