package dev.tidings.newsletter;

import dev.tidings.InvalidInputException;
import dev.tidings.subscriber.EmailAddress;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.regex.Pattern;

/**
 * What an editor submits to create or change a newsletter, before validation. Nullable fields take
 * the defaults of {@link Newsletter}. {@link #validate(long)} turns it into a {@link Newsletter} or
 * throws an {@link InvalidInputException} naming the field.
 */
public record NewsletterDraft(
    String slug,
    String name,
    String cron,
    String zone,
    String senderEmail,
    String senderName,
    String replyTo,
    String subjectTemplate,
    String templateSet,
    Integer minArticles,
    Integer maxArticles,
    Duration maxArticleAge,
    Boolean enabled,
    String logoUrl,
    String accentColor,
    String locale) {

  private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
  private static final Pattern TEMPLATE_SET = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern COLOR = Pattern.compile("#[0-9a-fA-F]{6}");

  /** A draft with the default look (no logo, default accent colour, English dates). */
  public NewsletterDraft(
      String slug,
      String name,
      String cron,
      String zone,
      String senderEmail,
      String senderName,
      String replyTo,
      String subjectTemplate,
      String templateSet,
      Integer minArticles,
      Integer maxArticles,
      Duration maxArticleAge,
      Boolean enabled) {
    this(
        slug,
        name,
        cron,
        zone,
        senderEmail,
        senderName,
        replyTo,
        subjectTemplate,
        templateSet,
        minArticles,
        maxArticles,
        maxArticleAge,
        enabled,
        null,
        null,
        null);
  }

  /** The validated newsletter with {@code id}. */
  public Newsletter validate(long id) {
    if (slug == null || !SLUG.matcher(slug).matches()) {
      throw new InvalidInputException(
          "slug", "invalid slug '" + slug + "': use lower-case letters, digits and dashes");
    }
    String cleanName = singleLine(name, "name", 200);
    if (cleanName.isEmpty()) {
      throw new InvalidInputException("name", "the newsletter needs a name");
    }
    CronSpec schedule = CronSpec.parse(cron);
    ZoneId timeZone;
    try {
      timeZone = ZoneId.of(zone == null ? "UTC" : zone.trim());
    } catch (DateTimeException e) {
      throw new InvalidInputException("zone", "unknown time zone '" + zone + "'");
    }
    String sender = EmailAddress.normalize(senderEmail);
    String reply = replyTo == null || replyTo.isBlank() ? null : EmailAddress.normalize(replyTo);
    String set = templateSet == null ? Newsletter.DEFAULT_TEMPLATE_SET : templateSet.trim();
    if (!TEMPLATE_SET.matcher(set).matches()) {
      throw new InvalidInputException("template", "invalid template set name '" + set + "'");
    }
    int min = minArticles == null ? Newsletter.DEFAULT_MIN_ARTICLES : minArticles;
    int max = maxArticles == null ? Newsletter.DEFAULT_MAX_ARTICLES : maxArticles;
    if (min < 0 || max < 1 || max > 200 || min > max) {
      throw new InvalidInputException(
          "articles", "need 0 <= min articles <= max articles <= 200, got " + min + ".." + max);
    }
    Duration age = maxArticleAge == null ? Newsletter.DEFAULT_MAX_ARTICLE_AGE : maxArticleAge;
    if (age.toHours() < 1) {
      throw new InvalidInputException("max-age", "the maximum article age must be at least 1h");
    }
    String subject =
        subjectTemplate == null || subjectTemplate.isBlank()
            ? Newsletter.DEFAULT_SUBJECT
            : singleLine(subjectTemplate, "subject", 500);
    return new Newsletter(
        id,
        slug,
        cleanName,
        schedule,
        timeZone,
        sender,
        senderName == null || senderName.isBlank()
            ? null
            : singleLine(senderName, "from-name", 200),
        reply,
        subject,
        set,
        min,
        max,
        age,
        enabled == null || enabled,
        look(logoUrl, accentColor, locale));
  }

  /**
   * Validates the look of a newsletter; null or blank values take the defaults of {@link Look}.
   *
   * @throws InvalidInputException naming the field at fault
   */
  public static Look look(String logoUrl, String accentColor, String locale) {
    String logo = logoUrl == null || logoUrl.isBlank() ? null : logoUrl.trim();
    if (logo != null) {
      java.net.URI uri;
      try {
        uri = new java.net.URI(logo);
      } catch (java.net.URISyntaxException e) {
        throw new InvalidInputException(
            "logo", "the logo must be an http(s) URL, got '" + logo + "'");
      }
      if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
          || uri.getHost() == null
          || logo.length() > 2000) {
        throw new InvalidInputException(
            "logo",
            "the logo must be an http(s) URL of at most 2000 characters, got '" + logo + "'");
      }
    }
    String accent =
        accentColor == null || accentColor.isBlank() ? Look.DEFAULT_ACCENT : accentColor.trim();
    if (!COLOR.matcher(accent).matches()) {
      throw new InvalidInputException(
          "accent", "the accent colour must look like #1a7f5a, got '" + accent + "'");
    }
    java.util.Locale language = java.util.Locale.ENGLISH;
    if (locale != null && !locale.isBlank()) {
      language = java.util.Locale.forLanguageTag(locale.trim().replace('_', '-'));
      if (language.getLanguage().isEmpty()
          || !java.util.Arrays.asList(java.text.DateFormat.getAvailableLocales())
              .contains(java.util.Locale.forLanguageTag(language.getLanguage()))) {
        throw new InvalidInputException(
            "locale", "unknown locale '" + locale + "': use a language tag such as de-DE or ja");
      }
    }
    return new Look(logo, accent.toLowerCase(java.util.Locale.ROOT), language);
  }

  /** Rejects line breaks: these values end up in email headers. */
  private static String singleLine(String value, String field, int maxLength) {
    String text = value == null ? "" : value.trim();
    if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
      throw new InvalidInputException(field, "the " + field + " must be a single line");
    }
    if (text.length() > maxLength) {
      throw new InvalidInputException(
          field, "the " + field + " is longer than " + maxLength + " characters");
    }
    return text;
  }
}
