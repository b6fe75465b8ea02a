package dev.tidings.delivery;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

/**
 * RSA keys for DKIM: reading PEM private keys, making a new pair and the DNS TXT record that
 * publishes its public half. Stateless.
 */
public final class DkimKeys {
  /** RSA key size of new keys: 2048 bits, what mailbox providers expect today. */
  public static final int BITS = 2048;

  private DkimKeys() {}

  /** A new key pair: the private key as PKCS#8 PEM, and the TXT record value to publish. */
  public record Generated(String privateKeyPem, String txtRecord) {}

  public static Generated generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(BITS);
      KeyPair pair = generator.generateKeyPair();
      String pem =
          "-----BEGIN PRIVATE KEY-----\n"
              + Base64.getMimeEncoder(64, new byte[] {'\n'})
                  .encodeToString(pair.getPrivate().getEncoded())
              + "\n-----END PRIVATE KEY-----\n";
      return new Generated(pem, txtRecord(pair.getPrivate()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate an RSA key: " + e.getMessage(), e);
    }
  }

  /** The TXT record value ({@code v=DKIM1; k=rsa; p=...}) for the public half of {@code key}. */
  public static String txtRecord(PrivateKey key) {
    if (!(key instanceof RSAPrivateCrtKey)) {
      throw new IllegalStateException("the DKIM key must be an RSA key with its CRT parameters");
    }
    return "v=DKIM1; k=rsa; p="
        + Base64.getEncoder().encodeToString(publicKey((RSAPrivateCrtKey) key));
  }

  /** The X.509 SubjectPublicKeyInfo bytes of the public half of {@code key}. */
  static byte[] publicKey(RSAPrivateCrtKey key) {
    try {
      return KeyFactory.getInstance("RSA")
          .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()))
          .getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot derive the public key: " + e.getMessage(), e);
    }
  }

  /**
   * Reads an RSA private key from PEM text: PKCS#8 ({@code BEGIN PRIVATE KEY}) or PKCS#1 ({@code
   * BEGIN RSA PRIVATE KEY}); {@code source} names it in errors.
   */
  public static PrivateKey privateKey(String pem, String source) {
    boolean pkcs1 = pem.contains("-----BEGIN RSA PRIVATE KEY-----");
    if (!pkcs1 && !pem.contains("-----BEGIN PRIVATE KEY-----")) {
      throw new IllegalStateException(
          "DKIM key file "
              + source
              + " holds no PEM private key (expected -----BEGIN PRIVATE KEY----- or -----BEGIN RSA"
              + " PRIVATE KEY-----; an encrypted key must be decrypted first)");
    }
    String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s+", "");
    try {
      byte[] der = Base64.getDecoder().decode(base64);
      byte[] pkcs8 = pkcs1 ? wrapPkcs1(der) : der;
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      throw new IllegalStateException(
          "DKIM key file " + source + " is not a valid RSA private key: " + e.getMessage(), e);
    }
  }

  /** PKCS#8 PrivateKeyInfo around a PKCS#1 RSAPrivateKey (version 0, rsaEncryption, NULL). */
  private static byte[] wrapPkcs1(byte[] pkcs1) {
    byte[] algorithm = {
      0x30,
      0x0d,
      0x06,
      0x09,
      0x2a,
      (byte) 0x86,
      0x48,
      (byte) 0x86,
      (byte) 0xf7,
      0x0d,
      0x01,
      0x01,
      0x01,
      0x05,
      0x00
    };
    ByteArrayOutputStream inner = new ByteArrayOutputStream(pkcs1.length + 32);
    inner.writeBytes(new byte[] {0x02, 0x01, 0x00});
    inner.writeBytes(algorithm);
    inner.write(0x04);
    inner.writeBytes(length(pkcs1.length));
    inner.writeBytes(pkcs1);
    ByteArrayOutputStream outer = new ByteArrayOutputStream(inner.size() + 8);
    outer.write(0x30);
    outer.writeBytes(length(inner.size()));
    outer.writeBytes(inner.toByteArray());
    return outer.toByteArray();
  }

  private static byte[] length(int length) {
    if (length < 0x80) {
      return new byte[] {(byte) length};
    }
    if (length < 0x100) {
      return new byte[] {(byte) 0x81, (byte) length};
    }
    if (length < 0x10000) {
      return new byte[] {(byte) 0x82, (byte) (length >> 8), (byte) length};
    }
    return new byte[] {(byte) 0x83, (byte) (length >> 16), (byte) (length >> 8), (byte) length};
  }
}
