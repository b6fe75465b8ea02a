package dev.tidings.web;

import dev.tidings.delivery.MailCatcher;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import jakarta.mail.BodyPart;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The built-in mail catcher's inbox at {@code /admin/mailbox}, present only in the embedded default
 * (no {@code TIDINGS_SMTP_HOST}): the caught digests with their HTML rendered in a sandboxed frame.
 */
final class MailboxRoutes {
  private final Pages pages;
  private final AdminPage page;
  private final MailCatcher catcher;

  MailboxRoutes(Pages pages, AdminPage page, MailCatcher catcher) {
    this.pages = pages;
    this.page = page;
    this.catcher = catcher;
  }

  void register(RoutesConfig routes) {
    routes.get("/admin/mailbox", this::inbox);
    routes.get("/admin/mailbox/{n}", this::message);
    routes.get("/admin/mailbox/{n}/html", this::html);
  }

  private void inbox(Context ctx) throws MessagingException {
    List<MimeMessage> caught = new ArrayList<>(catcher.messages());
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = caught.size() - 1; i >= 0 && rows.size() < 500; i--) {
      MimeMessage message = caught.get(i);
      rows.add(
          Map.of(
              "url",
              "/admin/mailbox/" + i,
              "from",
              header(message, "From"),
              "to",
              header(message, "To"),
              "subject",
              subject(message),
              "date",
              date(message),
              "size",
              message.getSize() / 1024 + " KB"));
    }
    Map<String, Object> scope = page.scope(ctx, "Mailbox", "mailbox");
    scope.put("count", caught.size());
    scope.put("messages", rows);
    pages.render(ctx, 200, "mailbox", scope);
  }

  private void message(Context ctx) throws MessagingException, IOException {
    MimeMessage message = find(ctx);
    if (message == null) {
      return;
    }
    List<Map<String, Object>> headers = new ArrayList<>();
    for (Enumeration<Header> all = message.getAllHeaders(); all.hasMoreElements(); ) {
      Header header = all.nextElement();
      headers.add(Map.of("name", header.getName(), "value", header.getValue()));
    }
    Map<String, Object> scope = page.scope(ctx, subject(message), "mailbox");
    scope.put("from", header(message, "From"));
    scope.put("to", header(message, "To"));
    scope.put("subject", subject(message));
    scope.put("date", date(message));
    scope.put("headers", headers);
    scope.put("htmlUrl", ctx.path() + "/html");
    String text = part(message, "text/plain");
    scope.put("text", text == null ? "" : text);
    scope.put("backUrl", "/admin/mailbox");
    pages.render(ctx, 200, "mailbox-message", scope);
  }

  private void html(Context ctx) throws MessagingException, IOException {
    MimeMessage message = find(ctx);
    if (message == null) {
      return;
    }
    String html = part(message, "text/html");
    // Shown in a sandboxed frame: the digest's own HTML, with no scripts allowed to run.
    ctx.header(
        "Content-Security-Policy",
        "sandbox; default-src 'none'; img-src * data:;" + " style-src 'unsafe-inline'");
    ctx.html(html == null ? "<p>This message has no HTML part.</p>" : html);
  }

  private MimeMessage find(Context ctx) {
    List<MimeMessage> caught = catcher.messages();
    try {
      int index = Integer.parseInt(ctx.pathParam("n"));
      if (index >= 0 && index < caught.size()) {
        return caught.get(index);
      }
    } catch (NumberFormatException e) {
      // fall through to 404
    }
    pages.message(ctx, 404, "No such message", "The mailbox has no message with that number.");
    return null;
  }

  private static String part(Part part, String type) throws MessagingException, IOException {
    if (part.isMimeType(type)) {
      return String.valueOf(part.getContent());
    }
    if (part.isMimeType("multipart/*")) {
      Multipart multipart = (Multipart) part.getContent();
      for (int i = 0; i < multipart.getCount(); i++) {
        BodyPart body = multipart.getBodyPart(i);
        String found = part(body, type);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  private static String header(MimeMessage message, String name) throws MessagingException {
    String value = message.getHeader(name, ", ");
    if (value == null) {
      return "";
    }
    try {
      return jakarta.mail.internet.MimeUtility.decodeText(value);
    } catch (java.io.UnsupportedEncodingException e) {
      return value;
    }
  }

  private static String subject(MimeMessage message) throws MessagingException {
    return message.getSubject() == null ? "" : message.getSubject();
  }

  private static String date(MimeMessage message) throws MessagingException {
    return message.getSentDate() == null
        ? ""
        : new SimpleDateFormat("yyyy-MM-dd HH:mm:ss", Locale.ROOT).format(message.getSentDate());
  }
}
