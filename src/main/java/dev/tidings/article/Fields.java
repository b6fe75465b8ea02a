package dev.tidings.article;

import dev.tidings.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks of an article's metadata, shared by the file import, the API and the feeds. Each failure
 * names the input and the field. Thread-safe.
 */
public final class Fields {
  static final int MAX_TAGS = 20;
  static final int MAX_TAG_LENGTH = 50;

  private Fields() {}

  /** An absolute http(s) URL, or null for a blank value. */
  public static String url(String name, String field, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      URI uri = new URI(value.trim());
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw new InvalidInputException(
            field, name + ": " + field + " must be an http(s) URL, got '" + value + "'");
      }
      if (uri.toString().length() > 2000) {
        throw new InvalidInputException(field, name + ": " + field + " is longer than 2000");
      }
      return uri.toString();
    } catch (URISyntaxException e) {
      throw new InvalidInputException(field, name + ": " + field + " '" + value + "' is no URL");
    }
  }

  /** An ISO date or date-time ({@code 2026-11-27}, {@code 2026-11-27T08:00:00Z}). */
  public static Instant instant(String name, String field, String value) {
    Instant parsed = instantOrNull(value);
    if (parsed == null) {
      throw new InvalidInputException(
          field,
          name
              + ": "
              + field
              + " '"
              + value
              + "' is not an ISO date such as 2026-11-27 or 2026-11-27T08:00:00Z");
    }
    return parsed;
  }

  /** The instant of an ISO or RFC 1123 date, or null when it is none. */
  static Instant instantOrNull(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String text = value.trim();
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException notOffset) {
      try {
        return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException notLocal) {
        try {
          return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notDate) {
          try {
            return ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
          } catch (DateTimeParseException notRfc) {
            return null;
          }
        }
      }
    }
  }

  /** Tags as stored: trimmed, lower case, without duplicates, comma separated; null for none. */
  /**
   * A feed's categories as tags: a category that holds several ({@code "Politik, Wirtschaft"}) is
   * split at its commas, one longer than {@value #MAX_TAG_LENGTH} characters is cut at a word
   * boundary, control characters become spaces, and only the first {@value #MAX_TAGS} are kept. A
   * feed's item is never dropped for its categories, as it was before; input an editor gives is
   * still refused with the reason by {@link #tags}.
   */
  public static List<String> fromCategories(List<String> categories) {
    Set<String> tags = new LinkedHashSet<>();
    for (String category : categories) {
      if (category == null) {
        continue;
      }
      for (String part : category.split(",")) {
        String value = dev.tidings.OneLine.of(part).replaceAll("\\s+", " ");
        if (value.length() > MAX_TAG_LENGTH) {
          int cut = value.lastIndexOf(' ', MAX_TAG_LENGTH);
          value = value.substring(0, cut > MAX_TAG_LENGTH / 2 ? cut : MAX_TAG_LENGTH).strip();
        }
        if (!value.isEmpty() && tags.size() < MAX_TAGS) {
          tags.add(value);
        }
      }
    }
    return List.copyOf(tags);
  }

  public static String tags(String name, List<String> tags) {
    if (tags == null || tags.isEmpty()) {
      return null;
    }
    Set<String> clean = new LinkedHashSet<>();
    for (String tag : tags) {
      String value = tag == null ? "" : tag.strip().toLowerCase(Locale.ROOT);
      if (value.isEmpty()) {
        continue;
      }
      if (value.length() > MAX_TAG_LENGTH || value.contains(",") || value.matches(".*\\p{Cc}.*")) {
        throw new InvalidInputException(
            "tags",
            name
                + ": tag '"
                + value
                + "' must be at most "
                + MAX_TAG_LENGTH
                + " characters with no comma or control character");
      }
      clean.add(value);
    }
    if (clean.size() > MAX_TAGS) {
      throw new InvalidInputException(
          "tags", name + ": " + clean.size() + " tags, more than the limit of " + MAX_TAGS);
    }
    return clean.isEmpty() ? null : String.join(",", clean);
  }
}
