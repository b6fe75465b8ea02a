package dev.tidings.cli;

import dev.tidings.app.Durations;
import dev.tidings.newsletter.Look;
import dev.tidings.newsletter.Newsletter;
import dev.tidings.newsletter.NewsletterDraft;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tidings newsletter add|style|list}. */
@Command(name = "newsletter", description = "Create, style and list newsletters.")
final class NewsletterCommand {
  private final AppContext context;

  NewsletterCommand(AppContext context) {
    this.context = context;
  }

  @Command(name = "add", description = "Create a newsletter with its schedule and sender.")
  void add(
      @Option(names = "--slug", required = true, description = "Short id, e.g. weekly") String slug,
      @Option(names = "--name", required = true) String name,
      @Option(
              names = "--cron",
              required = true,
              description = "Schedule, e.g. '0 8 * * 1' (Mondays 08:00)")
          String cron,
      @Option(names = "--zone", defaultValue = "UTC", description = "Time zone, e.g. Europe/Berlin")
          String zone,
      @Option(names = "--from", required = true, description = "Sender address") String from,
      @Option(names = "--from-name", description = "Sender display name") String fromName,
      @Option(names = "--reply-to") String replyTo,
      @Option(names = "--subject", description = "Subject template, default '{{name}} · {{date}}'")
          String subject,
      @Option(names = "--template", description = "Template set under templates/digest/")
          String template,
      @Option(names = "--min-articles") Integer minArticles,
      @Option(names = "--max-articles") Integer maxArticles,
      @Option(names = "--max-age", description = "Oldest article to include, e.g. 7d")
          String maxAge,
      @Option(names = "--disabled", description = "Create without scheduling") boolean disabled,
      @Option(names = "--logo", description = "Logo image URL (https) shown atop each digest")
          String logo,
      @Option(names = "--accent", description = "Accent colour, e.g. #1a7f5a") String accent,
      @Option(names = "--locale", description = "Language of dates, e.g. de-DE (default en)")
          String locale,
      @Option(names = "--json") boolean json) {
    Newsletter newsletter =
        context
            .tidings()
            .newsletters()
            .add(
                new NewsletterDraft(
                    slug,
                    name,
                    cron,
                    zone,
                    from,
                    fromName,
                    replyTo,
                    subject,
                    template,
                    minArticles,
                    maxArticles,
                    maxAge == null ? null : parseAge(maxAge),
                    !disabled,
                    logo,
                    accent,
                    locale));
    if (json) {
      context.printJson(view(newsletter, 0));
    } else {
      context
          .out()
          .println(
              "newsletter "
                  + newsletter.slug()
                  + " created (id "
                  + newsletter.id()
                  + "), next send "
                  + nextSend(newsletter));
    }
  }

  @Command(
      name = "style",
      description = "Set the logo, accent colour and date language of a newsletter's digests.")
  void style(
      @picocli.CommandLine.Parameters(paramLabel = "SLUG") String slug,
      @Option(names = "--logo", description = "Logo image URL (https); empty to remove")
          String logo,
      @Option(names = "--accent", description = "Accent colour, e.g. #1a7f5a") String accent,
      @Option(names = "--locale", description = "Language of dates, e.g. de-DE") String locale,
      @Option(names = "--json") boolean json) {
    Newsletter current = context.tidings().newsletters().bySlug(slug);
    Look look =
        NewsletterDraft.look(
            logo == null ? current.look().logoUrl() : logo,
            accent == null ? current.look().accentColor() : accent,
            locale == null ? current.look().languageTag() : locale);
    Newsletter changed = context.tidings().newsletters().setLook(current.id(), look);
    if (json) {
      context.printJson(view(changed, 0));
    } else {
      context
          .out()
          .println(
              "newsletter "
                  + slug
                  + ": logo "
                  + (look.logoUrl() == null ? "none" : look.logoUrl())
                  + ", accent "
                  + look.accentColor()
                  + ", locale "
                  + look.languageTag());
    }
  }

  @Command(name = "list", description = "List newsletters with their schedule and subscribers.")
  void list(@Option(names = "--json") boolean json) {
    List<Newsletter> all = context.tidings().newsletters().list();
    Map<Long, Long> counts = context.tidings().newsletters().activeSubscriberCounts();
    if (json) {
      List<Map<String, Object>> views = new ArrayList<>();
      for (Newsletter newsletter : all) {
        views.add(view(newsletter, counts.getOrDefault(newsletter.id(), 0L)));
      }
      context.printJson(views);
      return;
    }
    if (all.isEmpty()) {
      context.out().println("no newsletters yet: add one with `tidings newsletter add`");
      return;
    }
    context
        .out()
        .printf(
            "%-16s %-28s %-18s %-16s %8s  %s%n",
            "SLUG", "NAME", "CRON", "ZONE", "ACTIVE", "NEXT SEND");
    for (Newsletter newsletter : all) {
      context
          .out()
          .printf(
              "%-16s %-28s %-18s %-16s %8d  %s%n",
              newsletter.slug(),
              newsletter.name(),
              newsletter.cron().text(),
              newsletter.zone(),
              counts.getOrDefault(newsletter.id(), 0L),
              newsletter.enabled() ? nextSend(newsletter) : "disabled");
    }
  }

  private static java.time.Duration parseAge(String text) {
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new dev.tidings.InvalidInputException("max-age", "--max-age " + e.getMessage());
    }
  }

  private String nextSend(Newsletter newsletter) {
    List<Instant> next =
        newsletter.cron().nextFireTimes(context.tidings().clock().instant(), newsletter.zone(), 1);
    return next.isEmpty() ? "never" : next.get(0).atZone(newsletter.zone()).toString();
  }

  private Map<String, Object> view(Newsletter newsletter, long activeSubscribers) {
    return newsletter.view(activeSubscribers, context.tidings().clock().instant(), 1);
  }
}
