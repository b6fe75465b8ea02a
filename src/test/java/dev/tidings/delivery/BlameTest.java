package dev.tidings.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Whose fault a refusal is, from the command and the RFC 3463 code, as real relays word them. */
class BlameTest {
  private static SendResult.Kind at(Blame.Stage stage, String reply) {
    return Blame.of(stage, Integer.parseInt(reply.substring(0, 3)), reply).kind();
  }

  @Test
  void refusalsThatNameTheRecipient_countAgainstIt() {
    assertThat(
            at(
                Blame.Stage.RECIPIENT,
                "550 5.1.1 <a@x.example>: Recipient address rejected: User unknown in virtual mailbox table"))
        .isEqualTo(SendResult.Kind.PERMANENT);
    assertThat(
            at(
                Blame.Stage.RECIPIENT,
                "550-5.1.1 The email account that you tried to reach does not exist."))
        .isEqualTo(SendResult.Kind.PERMANENT);
    assertThat(at(Blame.Stage.CONTENT, "552 5.2.2 Mailbox full"))
        .isEqualTo(SendResult.Kind.PERMANENT);
    assertThat(at(Blame.Stage.RECIPIENT, "556 5.1.10 Recipient address has null MX"))
        .isEqualTo(SendResult.Kind.PERMANENT);
  }

  @Test
  void refusalsOfUs_orUnsure_neverCountAgainstTheRecipient() {
    assertThat(at(Blame.Stage.SENDER, "550 5.1.1 <news@example.com>: Sender address rejected"))
        .isEqualTo(SendResult.Kind.RELAY_REFUSED);
    assertThat(at(Blame.Stage.DATA, "554 5.5.1 Error: no valid recipients"))
        .isEqualTo(SendResult.Kind.RELAY_REFUSED);
    assertThat(at(Blame.Stage.RECIPIENT, "554 5.7.1 <a@x.example>: Relay access denied"))
        .isEqualTo(SendResult.Kind.UNSURE);
    assertThat(
            at(
                Blame.Stage.RECIPIENT,
                "553 5.1.8 <news@example.com>: Sender address rejected: Domain not found"))
        .isEqualTo(SendResult.Kind.UNSURE);
    assertThat(at(Blame.Stage.CONTENT, "554 5.6.0 Message content rejected"))
        .isEqualTo(SendResult.Kind.UNSURE);
    assertThat(at(Blame.Stage.RECIPIENT, "550 No such user here"))
        .as("no enhanced code: unsure")
        .isEqualTo(SendResult.Kind.UNSURE);
    assertThat(at(Blame.Stage.RECIPIENT, "450 4.1.1 try later"))
        .isEqualTo(SendResult.Kind.TRANSIENT);
  }
}
