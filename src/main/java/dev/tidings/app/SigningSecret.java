package dev.tidings.app;

/**
 * The secret that signs the links of every email: {@code TIDINGS_SECRET}, or in the embedded
 * default one generated once and kept in the data folder, readable by its owner only. Losing the
 * file breaks the links of mail already sent; two processes on one database need the same secret.
 */
final class SigningSecret {
  private SigningSecret() {}

  /** The configured secret, else the one kept in the data folder, made there when missing. */
  static String of(Config config) {
    if (config.secret().isPresent()) {
      return config.secret().get();
    }
    return DataFolder.secret(config.dataDir().resolve("secret"), "link-signing secret");
  }
}
