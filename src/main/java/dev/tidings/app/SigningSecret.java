package dev.tidings.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secret that signs the links of every email: {@code TIDINGS_SECRET}, or in the embedded
 * default one generated once and kept in the data folder, readable by its owner only. Losing the
 * file breaks the links of mail already sent; two processes on one database need the same secret.
 */
final class SigningSecret {
  private static final Logger LOG = LoggerFactory.getLogger(SigningSecret.class);

  private SigningSecret() {}

  /** The configured secret, else the one kept in the data folder, made there when missing. */
  static String of(Config config) {
    if (config.secret().isPresent()) {
      return config.secret().get();
    }
    Path file = config.dataDir().resolve("secret");
    try {
      if (Files.isRegularFile(file)) {
        return Files.readString(file, StandardCharsets.UTF_8).trim();
      }
      Files.createDirectories(config.dataDir());
      return generate(file);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot read or create the secret file " + file + ": " + e.getMessage(), e);
    }
  }

  private static String generate(Path file) throws IOException {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    String secret = HexFormat.of().formatHex(random);
    Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      LOG.debug("cannot restrict permissions of {}", file);
    }
    LOG.info("generated a link-signing secret in {}", file);
    return secret;
  }
}
