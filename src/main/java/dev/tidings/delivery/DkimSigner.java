package dev.tidings.delivery;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Signs assembled messages with DKIM (RFC 6376): rsa-sha256, relaxed/relaxed canonicalization, over
 * the exact header lines and body bytes that go on the wire, so the signature holds whether the
 * body is sent 8bit or quoted-printable. The signature covers {@link #SIGNED_HEADERS} that are
 * present, and names From and Subject once more than they occur so that a header of that name added
 * on the way breaks it.
 *
 * <p>Written here rather than taken from a library: the DKIM libraries for Jakarta Mail sign by
 * wrapping the message in their own {@code MimeMessage} that re-encodes the body through Jakarta
 * Mail's streams, undoing the byte-level assembly of {@link DigestMimeMessage} (and its choice of
 * 8bit or quoted-printable per relay). Immutable and thread-safe.
 */
public final class DkimSigner {
  /** Signed when present, in this order. */
  static final List<String> SIGNED_HEADERS =
      List.of(
          "from",
          "to",
          "subject",
          "date",
          "message-id",
          "reply-to",
          "list-id",
          "list-unsubscribe",
          "list-unsubscribe-post",
          "mime-version",
          "content-type");

  private static final List<String> OVERSIGNED = List.of("from", "subject");
  private static final int FOLD = 72;
  private static final byte[] CRLF = {'\r', '\n'};

  private final String domain;
  private final String selector;
  private final PrivateKey key;

  DkimSigner(String domain, String selector, PrivateKey key) {
    this.domain = domain;
    this.selector = selector;
    this.key = key;
  }

  /**
   * Loads a PEM private key (PKCS#8 {@code BEGIN PRIVATE KEY}, as {@code tidings dkim keygen} and
   * {@code openssl genpkey} write it, or PKCS#1 {@code BEGIN RSA PRIVATE KEY}).
   *
   * @throws IllegalStateException naming the file and what is wrong with it
   */
  public static DkimSigner load(String domain, String selector, Path pemFile) {
    String pem;
    try {
      pem = Files.readString(pemFile, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      throw new IllegalStateException("DKIM key file " + pemFile + " does not exist");
    } catch (IOException e) {
      throw new IllegalStateException("cannot read DKIM key file " + pemFile + ": " + e);
    }
    return new DkimSigner(domain, selector, DkimKeys.privateKey(pem, pemFile.toString()));
  }

  public String domain() {
    return domain;
  }

  public String selector() {
    return selector;
  }

  /**
   * The {@code DKIM-Signature} header line (folded, without the final CRLF) for a message made of
   * {@code headerLines} (each as written, folds included, no final CRLF) and {@code body} (the
   * bytes after the blank line).
   */
  public String sign(List<String> headerLines, byte[] body) {
    Map<String, String> last = new LinkedHashMap<>();
    for (String line : headerLines) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        last.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line);
      }
    }
    List<String> names = new ArrayList<>();
    StringBuilder canonical = new StringBuilder(1024);
    for (String name : SIGNED_HEADERS) {
      String line = last.get(name);
      if (line != null) {
        names.add(name);
        canonical.append(relaxedHeader(line)).append("\r\n");
      }
    }
    for (String name : OVERSIGNED) {
      if (last.containsKey(name)) {
        names.add(name);
      }
    }
    String unsigned =
        "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;\r\n\td="
            + domain
            + "; s="
            + selector
            + ";\r\n\th="
            + foldNames(names)
            + ";\r\n\tbh="
            + Base64.getEncoder().encodeToString(bodyHash(body))
            + ";\r\n\tb=";
    canonical.append(relaxedHeader(unsigned));
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(key);
      rsa.update(canonical.toString().getBytes(StandardCharsets.UTF_8));
      return unsigned + fold(Base64.getEncoder().encodeToString(rsa.sign()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot DKIM-sign: " + e.getMessage(), e);
    }
  }

  /** The DNS TXT record value that publishes this signer's public key. */
  public String txtRecord() {
    return DkimKeys.txtRecord(key);
  }

  /** The DNS name the TXT record goes under, e.g. {@code sel._domainkey.example.com}. */
  public String txtName() {
    return selector + "._domainkey." + domain;
  }

  /** Relaxed header canonicalization: lower-case name, unfolded, runs of blanks as one space. */
  static String relaxedHeader(String line) {
    int colon = line.indexOf(':');
    String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
    String value = line.substring(colon + 1).replace("\r\n", "").replaceAll("[ \\t]+", " ").strip();
    return name + ":" + value;
  }

  /**
   * SHA-256 of the relaxed canonical body (RFC 6376 3.4.4): blanks inside a line become one space,
   * blanks at a line end go, and empty lines at the end are dropped. Fed to the digest line by line
   * without copying the body.
   */
  static byte[] bodyHash(byte[] body) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] line = new byte[1024];
    int pendingEmptyLines = 0;
    int at = 0;
    while (at < body.length) {
      int end = at;
      while (end < body.length
          && !(body[end] == '\r' && end + 1 < body.length && body[end + 1] == '\n')) {
        end++;
      }
      if (line.length < end - at) {
        line = new byte[end - at];
      }
      int length = 0;
      boolean blank = false;
      for (int i = at; i < end; i++) {
        byte b = body[i];
        if (b == ' ' || b == '\t') {
          blank = true;
        } else {
          if (blank) {
            line[length++] = ' ';
            blank = false;
          }
          line[length++] = b;
        }
      }
      // Trailing blanks are dropped (blank is still set); empty lines wait to see what follows.
      if (length == 0) {
        pendingEmptyLines++;
      } else {
        for (; pendingEmptyLines > 0; pendingEmptyLines--) {
          digest.update(CRLF);
        }
        digest.update(line, 0, length);
        digest.update(CRLF);
      }
      at = end + 2;
    }
    return digest.digest();
  }

  /** The h= list, folded after a colon so that no header line passes 78 characters. */
  private static String foldNames(List<String> names) {
    StringBuilder list = new StringBuilder(256);
    int column = "\th=".length() + 4;
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      if (i > 0) {
        list.append(':');
        column++;
        if (column + name.length() > FOLD) {
          list.append("\r\n\t ");
          column = 5;
        }
      }
      list.append(name);
      column += name.length();
    }
    return list.toString();
  }

  private static String fold(String base64) {
    StringBuilder folded = new StringBuilder(base64.length() + base64.length() / FOLD * 3);
    for (int at = 0; at < base64.length(); at += FOLD) {
      if (at > 0) {
        folded.append("\r\n\t");
      }
      folded.append(base64, at, Math.min(base64.length(), at + FOLD));
    }
    return folded.toString();
  }
}
