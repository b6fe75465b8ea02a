package dev.tidings.cli;

import dev.tidings.InvalidInputException;
import dev.tidings.delivery.DkimKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tidings dkim keygen}: a DKIM key pair and the DNS record to publish. */
@Command(name = "dkim", description = "DKIM signing keys.")
final class DkimCommand {
  private static final Pattern LABEL = Pattern.compile("(?i)[a-z0-9]([a-z0-9._-]*[a-z0-9])?");
  private final AppContext context;

  DkimCommand(AppContext context) {
    this.context = context;
  }

  @Command(
      name = "keygen",
      description =
          "Write a new 2048-bit RSA private key (PEM) and print the DNS TXT record to publish.")
  void keygen(
      @Option(names = "--domain", required = true, description = "Signing domain, e.g. example.com")
          String domain,
      @Option(names = "--selector", required = true, description = "Selector, e.g. tidings2026")
          String selector,
      @Option(names = "--out", defaultValue = "dkim-private.pem", description = "Private key file")
          Path out,
      @Option(names = "--json") boolean json)
      throws IOException {
    if (!LABEL.matcher(domain).matches() || !domain.contains(".")) {
      throw new InvalidInputException("domain", "--domain must be a domain such as example.com");
    }
    if (!LABEL.matcher(selector).matches()) {
      throw new InvalidInputException(
          "selector", "--selector must be letters, digits, dots or dashes, e.g. tidings2026");
    }
    DkimKeys.Generated keys = DkimKeys.generate();
    write(out, keys.privateKeyPem());
    String name = selector + "._domainkey." + domain;
    if (json) {
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("key_file", out.toString());
      view.put("name", name);
      view.put("type", "TXT");
      view.put("value", keys.txtRecord());
      context.printJson(view);
      return;
    }
    context.out().println("wrote the private key to " + out + " (readable by its owner only)");
    context.out().println();
    context.out().println("Publish this DNS TXT record:");
    context.out().println();
    context.out().println(name + ". 3600 IN TXT (");
    for (String chunk : chunks(keys.txtRecord())) {
      context.out().println("  \"" + chunk + "\"");
    }
    context.out().println(")");
    context.out().println();
    context.out().println("Then set:");
    context.out().println("  TIDINGS_DKIM_DOMAIN=" + domain);
    context.out().println("  TIDINGS_DKIM_SELECTOR=" + selector);
    context.out().println("  TIDINGS_DKIM_KEY_FILE=" + out.toAbsolutePath());
  }

  /** Creates the key file, readable by its owner only; never overwrites one. */
  private static void write(Path file, String pem) throws IOException {
    try {
      try {
        // Created with owner-only permissions, so the key is never readable by others.
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(file);
      }
    } catch (FileAlreadyExistsException e) {
      throw new InvalidInputException(
          "out", file + " already exists; choose another --out or move the old key away first");
    }
    Files.writeString(file, pem, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
  }

  /** DNS TXT strings hold at most 255 characters each; the resolver joins them. */
  private static List<String> chunks(String value) {
    List<String> chunks = new ArrayList<>();
    for (int at = 0; at < value.length(); at += 250) {
      chunks.add(value.substring(at, Math.min(value.length(), at + 250)));
    }
    return chunks;
  }
}
