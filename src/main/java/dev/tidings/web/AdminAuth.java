package dev.tidings.web;

import dev.tidings.editor.Editor;
import dev.tidings.editor.EditorStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HandlerType;
import io.javalin.http.SameSite;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Editors' login to {@code /admin}: bcrypt passwords (see {@link EditorStore}), a session cookie
 * (HttpOnly, SameSite=Lax, Secure when the base URL is https), a CSRF token on every form and every
 * state-changing request, and throttled logins (per address and per client).
 *
 * <p>Every {@code /admin} request passes {@link #guard}: it finds the editor of the session and
 * puts it and the page's CSRF token into the request's attributes for the handlers.
 */
final class AdminAuth {
  static final String SESSION_COOKIE = "tidings_session";
  static final String LOGIN_COOKIE = "tidings_login";
  static final String EDITOR = "editor";
  static final String CSRF = "csrfToken";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Pages pages;
  private final EditorStore editors;
  private final Csrf csrf;
  private final Duration sessionTtl;
  private final boolean secureCookies;
  private final boolean trustProxy;
  private final KeyedLimits byAddress;
  private final KeyedLimits byClient;

  AdminAuth(
      Pages pages,
      EditorStore editors,
      Csrf csrf,
      Duration sessionTtl,
      boolean secureCookies,
      int attempts,
      boolean trustProxy) {
    this.pages = pages;
    this.editors = editors;
    this.csrf = csrf;
    this.sessionTtl = sessionTtl;
    this.secureCookies = secureCookies;
    this.trustProxy = trustProxy;
    this.byAddress = new KeyedLimits(attempts, Duration.ofMinutes(15));
    // A client may try several addresses (a shared office), but not endlessly.
    this.byClient = new KeyedLimits(attempts * 4L, Duration.ofMinutes(15));
  }

  void register(RoutesConfig routes) {
    routes.before("/admin", this::guard);
    routes.before("/admin/*", this::guard);
    routes.get("/admin/login", this::showLogin);
    routes.post("/admin/login", this::login);
    routes.post("/admin/logout", this::logout);
  }

  /** The editor of this request (set by {@link #guard}). */
  static Editor editor(Context ctx) {
    return ctx.attribute(EDITOR);
  }

  static void requireAdmin(Context ctx) {
    if (!editor(ctx).role().covers(Editor.Role.ADMIN)) {
      throw new WebProblem(403, "forbidden", "Only an admin may do this.");
    }
  }

  private void guard(Context ctx) {
    if (ctx.path().equals("/admin/login")) {
      return;
    }
    String session = ctx.cookie(SESSION_COOKIE);
    Editor editor = editors.session(session).orElse(null);
    if (editor == null) {
      if (ctx.method() == HandlerType.GET) {
        String next = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
        throw new LoginRequired(
            "/admin/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
      }
      throw new WebProblem(401, "login", "Your session has ended. Log in again.");
    }
    if (ctx.method() != HandlerType.GET && ctx.method() != HandlerType.HEAD) {
      String given = ctx.header("X-CSRF-Token");
      if (given == null) {
        given = ctx.formParam(Csrf.FIELD);
      }
      if (!csrf.valid(session, given)) {
        throw new WebProblem(
            403,
            "csrf",
            "This form has expired or did not come from this site. Reload the page and try again.");
      }
    }
    ctx.attribute(EDITOR, editor);
    ctx.attribute(CSRF, csrf.token(session));
  }

  /** Thrown by the guard for a GET without a session: the page answers with a redirect. */
  static final class LoginRequired extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LoginRequired(String location) {
      super(location);
    }
  }

  private void showLogin(Context ctx) {
    if (editors.session(ctx.cookie(SESSION_COOKIE)).isPresent()) {
      ctx.redirect("/admin");
      return;
    }
    renderLogin(ctx, 200, null, "");
  }

  private void renderLogin(Context ctx, int status, String error, String email) {
    String nonce = ctx.cookie(LOGIN_COOKIE);
    if (nonce == null || nonce.length() != 43) {
      byte[] bytes = new byte[32];
      RANDOM.nextBytes(bytes);
      nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      ctx.cookie(cookie(LOGIN_COOKIE, nonce, 3600));
    }
    Map<String, Object> scope = new HashMap<>();
    scope.put("title", "Log in");
    scope.put("csrf", csrf.token(nonce));
    scope.put("error", error);
    scope.put("email", email);
    scope.put("next", safeNext(ctx.queryParam("next")));
    pages.render(ctx, status, "admin/login", scope);
  }

  private void login(Context ctx) {
    String email = ctx.formParam("email") == null ? "" : ctx.formParam("email").trim();
    if (!csrf.valid(ctx.cookie(LOGIN_COOKIE), ctx.formParam(Csrf.FIELD))) {
      renderLogin(ctx, 403, "The login form expired. Please try again.", email);
      return;
    }
    String client = Http.clientAddress(ctx, trustProxy);
    // The attempt is counted before the password is checked, so a burst of parallel guesses is
    // refused once the limit is reached; a good password gives it back.
    String addressKey = EditorStore.loginKey(email);
    boolean addressLeft = byAddress.tryTake(addressKey);
    boolean clientLeft = clientLeft(client, addressLeft);
    if (!addressLeft || !clientLeft) {
      ctx.header("Retry-After", String.valueOf(byAddress.secondsUntilNext(addressKey)));
      renderLogin(
          ctx, 429, "Too many failed attempts. Wait a few minutes before trying again.", email);
      return;
    }
    Editor editor = editors.authenticate(email, ctx.formParam("password")).orElse(null);
    if (editor == null) {
      renderLogin(ctx, 401, "That email address and password do not match.", email);
      return;
    }
    byAddress.giveBack(addressKey);
    byClient.giveBack(client);
    String session = editors.startSession(editor, sessionTtl);
    ctx.cookie(cookie(SESSION_COOKIE, session, (int) sessionTtl.toSeconds()));
    ctx.removeCookie(LOGIN_COOKIE, "/");
    ctx.redirect(safeNext(ctx.formParam("next")));
  }

  /** Takes the client's token only when the address had one, so a refusal costs it nothing. */
  private boolean clientLeft(String client, boolean addressLeft) {
    return addressLeft && byClient.tryTake(client);
  }

  private void logout(Context ctx) {
    editors.endSession(ctx.cookie(SESSION_COOKIE));
    ctx.cookie(cookie(SESSION_COOKIE, "", 0));
    ctx.redirect("/admin/login");
  }

  private Cookie cookie(String name, String value, int maxAge) {
    return new Cookie(name, value, "/", maxAge, secureCookies, true, null, SameSite.LAX);
  }

  /** Only paths of this site's admin: no open redirect to another host. */
  static String safeNext(String next) {
    if (next == null
        || !next.startsWith("/admin")
        || next.startsWith("//")
        || next.contains("\\")
        || next.chars().anyMatch(c -> c < 0x20)) {
      return "/admin";
    }
    return next;
  }
}
