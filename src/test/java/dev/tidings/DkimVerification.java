package dev.tidings;

import java.io.ByteArrayInputStream;
import java.util.List;
import org.apache.james.jdkim.DKIMVerifier;
import org.apache.james.jdkim.api.SignatureRecord;
import org.apache.james.jdkim.exceptions.FailException;

/**
 * DKIM verification by Apache jDKIM, an implementation independent of ours, with the public key
 * record handed in instead of looked up in DNS.
 */
public final class DkimVerification {
  private DkimVerification() {}

  /**
   * Verifies {@code raw} against the TXT record {@code txtRecord} published for {@code
   * selector._domainkey.domain}; returns the valid signatures.
   *
   * @throws FailException when no signature verifies
   */
  public static List<SignatureRecord> verify(
      byte[] raw, String domain, String selector, String txtRecord) throws Exception {
    DKIMVerifier verifier =
        new DKIMVerifier(
            (method, recordSelector, token) -> {
              if (!selector.contentEquals(recordSelector) || !domain.contentEquals(token)) {
                throw new org.apache.james.jdkim.exceptions.PermFailException(
                    "no key published for " + recordSelector + "._domainkey." + token);
              }
              return List.of(txtRecord);
            });
    List<SignatureRecord> valid = verifier.verify(new ByteArrayInputStream(raw));
    if (valid == null || valid.isEmpty()) {
      throw new AssertionError("no valid DKIM signature: " + verifier.getResults());
    }
    return valid;
  }
}
