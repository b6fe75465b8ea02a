package dev.tidings.web;

import dev.tidings.editor.Editor;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;

/**
 * The scope every admin page starts from: the editor, the CSRF token for its forms, the current
 * navigation entry and a notice carried over a redirect ({@code ?notice=...}).
 */
final class AdminPage {
  private static final Map<String, String> NOTICES =
      Map.ofEntries(
          Map.entry("paused", "The edition is paused. Messages already handed to a worker finish."),
          Map.entry("resumed", "The edition is sending again."),
          Map.entry("cancelled", "The edition is cancelled: nothing more of it is sent."),
          Map.entry("retried", "The failed deliveries are queued again."),
          Map.entry("nothing-to-retry", "No delivery of this edition has failed."),
          Map.entry("test-sent", "The test email is on its way."),
          Map.entry("saved", "Saved."),
          Map.entry("created", "Created."),
          Map.entry("erased", "The subscriber is erased; the address stays suppressed."),
          Map.entry("imported", "Import finished."),
          Map.entry("revoked", "The token is revoked."));

  private final boolean catcher;

  AdminPage(boolean catcher) {
    this.catcher = catcher;
  }

  Map<String, Object> scope(Context ctx, String title, String nav) {
    Editor editor = AdminAuth.editor(ctx);
    Map<String, Object> scope = new HashMap<>();
    scope.put("title", title);
    scope.put("editorName", editor.displayName());
    scope.put("admin", editor.role() == Editor.Role.ADMIN);
    scope.put("csrf", ctx.attribute(AdminAuth.CSRF));
    scope.put("nav", Map.of(nav, true));
    scope.put("catcher", catcher);
    String notice = ctx.queryParam("notice");
    if (notice != null && NOTICES.containsKey(notice)) {
      scope.put("notice", NOTICES.get(notice));
    }
    return scope;
  }
}
