package dev.tidings.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data folder ({@code TIDINGS_DATA_DIR}): the embedded database, its password and the link
 * secret. It and everything in it belong to the owner alone, 0700 for folders and 0600 for files,
 * whatever the umask: the database's lock file names the port and key of its server, and its files
 * hold every subscriber. On a file system without POSIX permissions nothing is changed.
 */
final class DataFolder {
  private static final Logger LOG = LoggerFactory.getLogger(DataFolder.class);
  private static final Set<PosixFilePermission> FOLDER =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private DataFolder() {}

  /**
   * Creates {@code dir} if missing and takes every permission of group and others from it and from
   * what it holds (symbolic links are left alone, and not followed).
   */
  static void secure(Path dir) {
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(FOLDER));
      }
      List<Path> paths;
      try (Stream<Path> walk = Files.walk(dir)) {
        paths = walk.toList();
      }
      for (Path path : paths) {
        if (Files.isSymbolicLink(path)) {
          continue;
        }
        boolean folder = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
        Set<PosixFilePermission> wanted = folder ? FOLDER : FILE;
        Set<PosixFilePermission> now =
            Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        if (!now.equals(wanted)) {
          Files.setPosixFilePermissions(path, wanted);
          if (!path.getFileName().toString().endsWith(".lock.db")) {
            LOG.info(
                "made {} private to its owner ({} -> {})",
                path,
                PosixFilePermissions.toString(now),
                PosixFilePermissions.toString(wanted));
          }
        }
      }
    } catch (UnsupportedOperationException e) {
      LOG.debug("{}: no POSIX permissions on this file system", dir);
    } catch (IOException | UncheckedIOException e) {
      throw new IllegalStateException(
          "cannot make the data folder " + dir + " private: " + e.getMessage(), e);
    }
  }

  /**
   * The random secret kept in {@code file}: read if there, else 256 random bits in hex, written to
   * a file made readable by its owner only before anything is written to it.
   */
  static String secret(Path file, String what) {
    try {
      if (Files.isRegularFile(file)) {
        return Files.readString(file, StandardCharsets.UTF_8).trim();
      }
      secure(file.getParent());
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      String secret = HexFormat.of().formatHex(random);
      try {
        createPrivate(file);
      } catch (FileAlreadyExistsException e) {
        return Files.readString(file, StandardCharsets.UTF_8).trim(); // another process won
      }
      Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
      LOG.info("generated a {} in {}", what, file);
      return secret;
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot read or create the " + what + " file " + file + ": " + e.getMessage(), e);
    }
  }

  private static void createPrivate(Path file) throws IOException {
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file);
    }
  }
}
