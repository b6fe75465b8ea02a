package dev.tidings.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Whom a relay's TLS certificate must be signed by: the JVM's certificate authorities, or, for a
 * relay with a private certificate, only the CA certificates of one PEM file ({@code
 * TIDINGS_SMTP_TLS_CA}). The file replaces the JVM's list for that relay rather than adding to it,
 * so a private relay cannot be impersonated by a certificate any public CA would sign. No JVM-wide
 * setting ({@code javax.net.ssl.trustStore}) is touched. Immutable.
 */
public final class TlsTrust {
  private final SSLSocketFactory factory;
  private final String source;

  private TlsTrust(SSLSocketFactory factory, String source) {
    this.factory = factory;
    this.source = source;
  }

  /** The JVM's certificate authorities. */
  public static TlsTrust system() {
    return new TlsTrust((SSLSocketFactory) SSLSocketFactory.getDefault(), "the JVM's CAs");
  }

  /**
   * The CA certificates of {@code file} (PEM, one or more, or DER), and no others.
   *
   * @throws IllegalArgumentException naming the file and what is wrong with it
   */
  public static TlsTrust caFile(Path file) {
    Collection<? extends Certificate> certificates;
    try (InputStream in = Files.newInputStream(file)) {
      certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(file + " does not exist");
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          file + " is not a PEM or DER certificate file: " + e.getMessage());
    }
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException(file + " holds no certificate");
    }
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int index = 0;
      for (Certificate certificate : certificates) {
        store.setCertificateEntry("ca-" + index++, certificate);
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      X509Certificate first = (X509Certificate) certificates.iterator().next();
      return new TlsTrust(
          context.getSocketFactory(),
          file + " (" + first.getSubjectX500Principal().getName() + ")");
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(file + " cannot be used as a CA: " + e.getMessage());
    }
  }

  SSLSocketFactory socketFactory() {
    return factory;
  }

  /** Where the trust comes from, for logs and error messages. */
  public String source() {
    return source;
  }
}
