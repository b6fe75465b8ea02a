package dev.tidings.app;

import java.time.Duration;
import java.util.Optional;

/**
 * Settings of the editors' login and the public sign-up form, read from {@code TIDINGS_ADMIN_*},
 * {@code TIDINGS_SESSION_*}, {@code TIDINGS_LOGIN_*}, {@code TIDINGS_SUBSCRIBE_*} and {@code
 * TIDINGS_TRUST_PROXY}.
 *
 * @param adminEmail with {@code adminPassword}: the first editor (an admin), created on start when
 *     there is no editor yet
 * @param sessionTtl how long a login lasts
 * @param loginAttempts failed logins allowed per address and per client in 15 minutes
 * @param subscribePerHour sign-ups accepted per client address and hour
 * @param trustProxy take the client address from {@code X-Forwarded-For} (behind a reverse proxy)
 */
public record WebConfig(
    Optional<String> adminEmail,
    Optional<String> adminPassword,
    Duration sessionTtl,
    int loginAttempts,
    int subscribePerHour,
    boolean trustProxy) {
  public static final Duration DEFAULT_SESSION_TTL = Duration.ofHours(12);
  public static final int DEFAULT_LOGIN_ATTEMPTS = 5;
  public static final int DEFAULT_SUBSCRIBE_PER_HOUR = 10;

  static WebConfig read(ConfigReader reader) {
    Optional<String> email = reader.optional("TIDINGS_ADMIN_EMAIL");
    Optional<String> password = reader.optional("TIDINGS_ADMIN_PASSWORD");
    if (email.isPresent() != password.isPresent()) {
      reader.fail(
          email.isPresent() ? "TIDINGS_ADMIN_PASSWORD" : "TIDINGS_ADMIN_EMAIL",
          "must be set together with "
              + (email.isPresent() ? "TIDINGS_ADMIN_EMAIL" : "TIDINGS_ADMIN_PASSWORD"));
    }
    if (email.isPresent() && !dev.tidings.subscriber.EmailAddress.isValid(email.get())) {
      reader.fail("TIDINGS_ADMIN_EMAIL", "must be an email address, got '" + email.get() + "'");
    }
    if (password.isPresent()
        && password.get().length() < dev.tidings.editor.EditorStore.MIN_PASSWORD_LENGTH) {
      reader.fail(
          "TIDINGS_ADMIN_PASSWORD",
          "must have at least "
              + dev.tidings.editor.EditorStore.MIN_PASSWORD_LENGTH
              + " characters");
    }
    Duration ttl = reader.duration("TIDINGS_SESSION_TTL", DEFAULT_SESSION_TTL);
    if (ttl.compareTo(Duration.ofMinutes(5)) < 0) {
      reader.fail("TIDINGS_SESSION_TTL", "must be at least 5m");
    }
    return new WebConfig(
        email,
        password,
        ttl,
        reader.integer("TIDINGS_LOGIN_ATTEMPTS", DEFAULT_LOGIN_ATTEMPTS, 1, 1000),
        reader.integer("TIDINGS_SUBSCRIBE_PER_HOUR", DEFAULT_SUBSCRIBE_PER_HOUR, 1, 100_000),
        reader.bool("TIDINGS_TRUST_PROXY", false));
  }

  @Override
  public String toString() {
    return "WebConfig[adminEmail=" + adminEmail + ", sessionTtl=" + sessionTtl + "]";
  }
}
