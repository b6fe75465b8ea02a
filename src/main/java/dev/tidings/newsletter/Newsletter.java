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
