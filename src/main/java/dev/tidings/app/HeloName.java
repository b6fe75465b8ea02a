package dev.tidings.app;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The name Tidings gives in EHLO ({@code TIDINGS_SMTP_HELO}). Relays often refuse a name that is
 * not fully qualified (Postfix's {@code reject_non_fqdn_helo_hostname} refuses {@code localhost}
 * for every recipient), so the default is the first fully qualified one of: the machine's host
 * name, the domain of {@code TIDINGS_BOUNCE_ADDRESS} (the envelope sender), the host of {@code
 * TIDINGS_BASE_URL}; else the machine's address as an address literal ({@code [192.0.2.1]}, RFC
 * 5321 §4.1.3). Never {@code localhost}. Stateless.
 */
final class HeloName {
  private static final Pattern DOMAIN =
      Pattern.compile("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final Pattern LITERAL =
      Pattern.compile("\\[(\\d{1,3}(\\.\\d{1,3}){3}|IPv6:[0-9A-Fa-f:.]+)\\]");

  private HeloName() {}

  /** Why {@code name} cannot be given in EHLO, or empty when it can. */
  static Optional<String> problem(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (LITERAL.matcher(name).matches()) {
      return Optional.empty();
    }
    if (lower.equals("localhost")
        || lower.startsWith("localhost.")
        || lower.endsWith(".localhost")) {
      return Optional.of("names this machine only ('" + name + "'): relays refuse it");
    }
    if (!DOMAIN.matcher(lower).matches()) {
      return Optional.of(
          "must be a fully qualified domain name such as mail.example.com, or an address literal"
              + " such as [192.0.2.1]; got '"
              + name
              + "'");
    }
    return Optional.empty();
  }

  /** The default name, from the first source that gives a fully qualified one. */
  static String choose(String machine, Optional<String> bounceAddress, Optional<String> baseUrl) {
    if (qualified(machine)) {
      return machine.toLowerCase(Locale.ROOT);
    }
    Optional<String> bounceDomain =
        bounceAddress.map(address -> address.substring(address.lastIndexOf('@') + 1));
    if (bounceDomain.isPresent() && qualified(bounceDomain.get())) {
      return bounceDomain.get().toLowerCase(Locale.ROOT);
    }
    Optional<String> baseHost = baseUrl.map(HeloName::host);
    if (baseHost.isPresent() && qualified(baseHost.get())) {
      return baseHost.get().toLowerCase(Locale.ROOT);
    }
    return "[" + machineAddress() + "]";
  }

  /** This machine's canonical host name, or empty when it has none. */
  static String machineName() {
    try {
      return InetAddress.getLocalHost().getCanonicalHostName();
    } catch (UnknownHostException | SecurityException e) {
      return "";
    }
  }

  private static String machineAddress() {
    try {
      InetAddress address = InetAddress.getLocalHost();
      if (address instanceof java.net.Inet4Address) {
        return address.getHostAddress();
      }
    } catch (UnknownHostException | SecurityException e) {
      // Fall through to the loopback address.
    }
    return "127.0.0.1";
  }

  private static boolean qualified(String name) {
    if (name == null || name.isEmpty()) {
      return false;
    }
    String lower = name.toLowerCase(Locale.ROOT);
    return DOMAIN.matcher(lower).matches() && !local(lower);
  }

  /** Names that only mean something on this machine or network: a default never uses them. */
  private static boolean local(String lower) {
    return lower.equals("localhost")
        || lower.startsWith("localhost.")
        || lower.endsWith(".localhost")
        || lower.endsWith(".localdomain")
        || lower.endsWith(".local")
        || lower.endsWith(".internal");
  }

  private static String host(String url) {
    try {
      String host = URI.create(url).getHost();
      return host == null ? "" : host;
    } catch (IllegalArgumentException e) {
      return "";
    }
  }
}
