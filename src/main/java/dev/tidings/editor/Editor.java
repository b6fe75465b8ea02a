package dev.tidings.editor;

import java.time.Instant;

/** Someone who runs the newsletters from {@code /admin}. Carries no password material. */
public record Editor(
    long id, String email, String name, Role role, Instant createdAt, Instant lastLoginAt) {

  /** What an editor or an API token may do: admins also manage editors and API tokens. */
  public enum Role {
    EDITOR,
    ADMIN;

    public static Role of(String value) {
      return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }

    public String value() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether this role may do what {@code needed} may. */
    public boolean covers(Role needed) {
      return this == ADMIN || needed == EDITOR;
    }
  }

  /** The name to show: the name, else the address. */
  public String displayName() {
    return name == null || name.isBlank() ? email : name;
  }
}
