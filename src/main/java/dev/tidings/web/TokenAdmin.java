package dev.tidings.web;

import dev.tidings.InvalidInputException;
import dev.tidings.editor.ApiTokens;
import dev.tidings.editor.Editor;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /admin/tokens}: admins create API tokens (shown once), list and revoke them. */
final class TokenAdmin {
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
  private final Pages pages;
  private final AdminPage page;
  private final ApiTokens tokens;

  TokenAdmin(Pages pages, AdminPage page, ApiTokens tokens) {
    this.pages = pages;
    this.page = page;
    this.tokens = tokens;
  }

  void register(RoutesConfig routes) {
    routes.get("/admin/tokens", ctx -> render(ctx, 200, null, null));
    routes.post("/admin/tokens", this::create);
    routes.post("/admin/tokens/{id}/revoke", this::revoke);
  }

  private void render(Context ctx, int status, ApiTokens.Created created, String error) {
    AdminAuth.requireAdmin(ctx);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (ApiTokens.ApiToken token : tokens.list()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", token.id());
      row.put("name", token.name());
      row.put("prefix", token.prefix());
      row.put("role", token.role().value());
      row.put("createdBy", token.createdBy());
      row.put("created", DAY.format(token.createdAt()));
      row.put("lastUsed", token.lastUsedAt() == null ? "never" : DAY.format(token.lastUsedAt()));
      row.put("live", token.revokedAt() == null);
      rows.add(row);
    }
    Map<String, Object> scope = page.scope(ctx, "API tokens", "tokens");
    scope.put("tokens", rows);
    scope.put("error", error);
    if (created != null) {
      scope.put("secret", created.secret());
      scope.put("secretName", created.token().name());
    }
    ctx.header("Cache-Control", "no-store");
    pages.render(ctx, status, "admin/tokens", scope);
  }

  private void create(Context ctx) {
    AdminAuth.requireAdmin(ctx);
    try {
      Editor.Role role =
          "admin".equals(ctx.formParam("role")) ? Editor.Role.ADMIN : Editor.Role.EDITOR;
      ApiTokens.Created created =
          tokens.create(ctx.formParam("name"), role, AdminAuth.editor(ctx).email());
      render(ctx, 201, created, null);
    } catch (InvalidInputException e) {
      render(ctx, 422, null, e.getMessage());
    }
  }

  private void revoke(Context ctx) {
    AdminAuth.requireAdmin(ctx);
    long id = Params.id(ctx, "token");
    if (!tokens.revoke(id)) {
      throw new WebProblem(404, "not_found", "There is no live token " + id + ".");
    }
    ctx.redirect("/admin/tokens?notice=revoked");
  }
}
