package dev.tidings.newsletter;

import java.time.Duration;
import java.time.ZoneId;

/**
 * One newsletter: its schedule (cron in its own time zone), its sender and its content rules.
 * Immutable.
 *
 * @param subjectTemplate a Mustache template for the subject, e.g. {@code {{name}}: {{date}}}
 * @param templateSet the folder under {@code templates/digest/} whose templates render it
 * @param minArticles fewer new articles than this and the edition is skipped
 * @param maxArticleAge articles published longer ago than this never go in
 * @param look logo, accent colour and date locale of the digests
 */
public record Newsletter(
    long id,
    String slug,
    String name,
    CronSpec cron,
    ZoneId zone,
    String senderEmail,
    String senderName,
    String replyTo,
    String subjectTemplate,
    String templateSet,
    int minArticles,
    int maxArticles,
    Duration maxArticleAge,
    boolean enabled,
    Look look) {

  public static final String DEFAULT_SUBJECT = "{{name}} · {{date}}";
  public static final String DEFAULT_TEMPLATE_SET = "default";
  public static final int DEFAULT_MIN_ARTICLES = 1;
  public static final int DEFAULT_MAX_ARTICLES = 10;
  public static final Duration DEFAULT_MAX_ARTICLE_AGE = Duration.ofDays(7);

  public Newsletter {
    look = look == null ? Look.DEFAULT : look;
  }

  /**
   * The newsletter as the CLI's {@code --json} and the API show it, one name for each field: id,
   * slug, name, cron, zone, sender_email, sender_name, reply_to, subject, template_set,
   * min_articles, max_articles, max_age_hours, enabled, logo_url, accent_color, locale,
   * active_subscribers and the next sends from {@code now} (none when disabled).
   */
  public java.util.Map<String, Object> view(
      long activeSubscribers, java.time.Instant now, int nextSends) {
    java.util.Map<String, Object> view = new java.util.LinkedHashMap<>();
    view.put("id", id);
    view.put("slug", slug);
    view.put("name", name);
    view.put("cron", cron.text());
    view.put("zone", zone.getId());
    view.put("sender_email", senderEmail);
    view.put("sender_name", senderName);
    view.put("reply_to", replyTo);
    view.put("subject", subjectTemplate);
    view.put("template_set", templateSet);
    view.put("min_articles", minArticles);
    view.put("max_articles", maxArticles);
    view.put("max_age_hours", maxArticleAge.toHours());
    view.put("enabled", enabled);
    view.put("logo_url", look.logoUrl());
    view.put("accent_color", look.accentColor());
    view.put("locale", look.languageTag());
    view.put("active_subscribers", activeSubscribers);
    java.util.List<String> next = new java.util.ArrayList<>();
    if (enabled) {
      for (java.time.Instant time : cron.nextFireTimes(now, zone, nextSends)) {
        next.add(time.atZone(zone).toOffsetDateTime().toString());
      }
    }
    view.put("next_sends", next);
    return view;
  }

  /** A newsletter with the default {@link Look}. */
  public Newsletter(
      long id,
      String slug,
      String name,
      CronSpec cron,
      ZoneId zone,
      String senderEmail,
      String senderName,
      String replyTo,
      String subjectTemplate,
      String templateSet,
      int minArticles,
      int maxArticles,
      Duration maxArticleAge,
      boolean enabled) {
    this(
        id,
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
        Look.DEFAULT);
  }

  /** The domain of the sender address, used for Message-IDs and List-Id. */
  public String senderDomain() {
    return senderEmail.substring(senderEmail.indexOf('@') + 1);
  }
}
