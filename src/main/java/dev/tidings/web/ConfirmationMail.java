package dev.tidings.web;

import dev.tidings.delivery.MessageComposer;
import dev.tidings.edition.Templates;
import dev.tidings.newsletter.Newsletter;
import dev.tidings.subscriber.Subscriber;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.UnsupportedEncodingException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The double opt-in message: text and HTML from {@code templates/mail/confirm.*.mustache}, sent
 * from the first chosen newsletter's sender. Every header value from data passes {@link
 * MessageComposer#headerSafe}.
 */
final class ConfirmationMail {
  private static final Session SESSION = Session.getInstance(new Properties());
  private final Templates templates;

  ConfirmationMail(Templates templates) {
    this.templates = templates;
  }

  /**
   * The mail to {@code subscriber}. It greets nobody by name: the name on a sign-up is whatever the
   * person who typed the address wrote ("You won 1000 EUR! Claim it at ..." went out from the
   * newsletter's own address before), and nothing they typed but the address reaches the mail.
   */
  MimeMessage compose(
      Subscriber subscriber,
      List<Newsletter> newsletters,
      String confirmUrl,
      Instant expires,
      Instant now) {
    Newsletter sender = newsletters.get(0);
    String names = String.join(", ", newsletters.stream().map(Newsletter::name).toList());
    Map<String, Object> scope =
        Map.of(
            "newsletters",
            names,
            "confirmUrl",
            confirmUrl,
            "expires",
            java.time.format.DateTimeFormatter.ofPattern("d MMMM yyyy", java.util.Locale.ENGLISH)
                .withZone(sender.zone())
                .format(expires),
            "senderName",
            sender.senderName() == null ? sender.name() : sender.senderName());
    String text = Templates.render(templates.text("mail/confirm.txt"), "mail/confirm.txt", scope);
    String html = templates.renderHtml("mail/confirm.html", scope);
    try {
      MimeMessage message = new MimeMessage(SESSION);
      message.setFrom(
          new InternetAddress(
              sender.senderEmail(),
              MessageComposer.headerSafe(
                  sender.senderName() == null ? sender.name() : sender.senderName()),
              "UTF-8"));
      message.setRecipient(Message.RecipientType.TO, new InternetAddress(subscriber.email()));
      message.setSubject(MessageComposer.headerSafe("Please confirm: " + names), "UTF-8");
      message.setSentDate(Date.from(now));
      message.setHeader("Auto-Submitted", "auto-generated");
      MimeMultipart alternative = new MimeMultipart("alternative");
      MimeBodyPart textPart = new MimeBodyPart();
      textPart.setText(text, "UTF-8", "plain");
      MimeBodyPart htmlPart = new MimeBodyPart();
      htmlPart.setText(html, "UTF-8", "html");
      alternative.addBodyPart(textPart);
      alternative.addBodyPart(htmlPart);
      message.setContent(alternative);
      message.saveChanges();
      return message;
    } catch (MessagingException | UnsupportedEncodingException e) {
      throw new IllegalStateException("cannot compose the confirmation: " + e.getMessage(), e);
    }
  }
}
