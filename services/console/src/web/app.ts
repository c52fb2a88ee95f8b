import type { CaseView, Desk, Verdict } from "@fraud/cases";
import { isFraud, parseId, parseNote, parseQueueFilter } from "@fraud/cases";
import { type Clock, FraudError, type Logger, maskPans } from "@fraud/platform";
import { type Context, Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { streamSSE } from "hono/streaming";
import { type Accounts, authenticate } from "../auth/accounts.js";
import { type Session, Sessions, sameToken, token } from "../auth/sessions.js";
import { LoginThrottle } from "../auth/throttle.js";
import { type Overview, scrape } from "../overview/scrape.js";
import { detailPage } from "../views/detail.js";
import { errorPage, loginPage } from "../views/layout.js";
import { lookupPage, overviewPage } from "../views/pages.js";
import { queuePage, queueRows } from "../views/queue.js";
import { SCRIPT, STYLE } from "./static.js";

export interface AppOptions {
  desk: Desk;
  accounts: Accounts;
  clock: Clock;
  sessionTtlMs: number;
  cookieSecure: boolean;
  metricsUrls: readonly string[];
  logger?: Logger;
  /** For tests of the overview without scorers. */
  scrape?: (urls: readonly string[]) => Promise<Overview>;
}

const SESSION = "fc_session";
const LOGIN_CSRF = "fc_login";
type Env = { Variables: { session: Session } };

/**
 * The console's HTTP surface. Every route but /login and /static needs a session
 * (401 otherwise); every POST carries the session's CSRF token (403 otherwise); every
 * action is attributed to the session's analyst.
 */
export function createApp(o: AppOptions) {
  const { desk } = o;
  const sessions = new Sessions(o.clock, o.sessionTtlMs);
  const throttle = new LoginThrottle(o.clock);
  const app = new Hono<Env>();
  const cookie = { httpOnly: true, sameSite: "Strict" as const, secure: o.cookieSecure, path: "/" };
  const fraudOf = (id: string) => isFraud(desk.index.labelsOf(id));

  app.use("*", async (c, next) => {
    await next();
    c.header(
      "Content-Security-Policy",
      "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'",
    );
    c.header("X-Content-Type-Options", "nosniff");
    c.header("Referrer-Policy", "same-origin");
    c.header("Cache-Control", "no-store");
  });

  app.get("/static/console.js", (c) => c.body(SCRIPT, 200, { "Content-Type": "text/javascript; charset=utf-8" }));
  app.get("/static/console.css", (c) => c.body(STYLE, 200, { "Content-Type": "text/css; charset=utf-8" }));
  app.get("/healthz", (c) => c.text("ok"));

  // Login CSRF: a double-submit token, since there is no session yet.
  const showLogin = (c: Context, status: 200 | 401, error?: string) => {
    const t = token();
    setCookie(c, LOGIN_CSRF, t, { ...cookie, maxAge: 3600 });
    return c.html(loginPage(t, error), status);
  };
  app.get("/login", (c) => showLogin(c, 200));
  app.post("/login", async (c) => {
    const body = await c.req.parseBody();
    if (!sameToken(getCookie(c, LOGIN_CSRF), str(body._csrf))) return showLogin(c, 401, "The form expired; try again.");
    const name = str(body.user) ?? "";
    if (throttle.blocked(name)) return showLogin(c, 401, "Too many failed logins; wait 15 minutes.");
    const user = await authenticate(o.accounts, name, str(body.password) ?? "");
    if (!user) {
      throttle.failed(name);
      o.logger?.warn({ user: maskPans(str(body.user)?.slice(0, 32) ?? "") }, "failed login");
      return showLogin(c, 401, "Wrong user or password.");
    }
    throttle.succeeded(user);
    const s = sessions.create(user);
    deleteCookie(c, LOGIN_CSRF, cookie);
    setCookie(c, SESSION, s.id, { ...cookie, maxAge: Math.floor(o.sessionTtlMs / 1000) });
    o.logger?.info({ user }, "login");
    return c.redirect("/", 303);
  });

  app.use("*", async (c, next) => {
    const s = sessions.get(getCookie(c, SESSION));
    if (!s) {
      if (c.req.method === "GET" && c.req.header("accept")?.includes("text/html")) return showLogin(c, 401);
      return c.text("login required", 401);
    }
    c.set("session", s);
    if (c.req.method === "POST") {
      const body = await c.req.parseBody();
      if (!sameToken(s.csrf, str(body._csrf))) return c.text("missing or wrong CSRF token", 403);
    }
    await next();
  });

  const ctx = (c: Context<Env>) => ({ user: c.get("session").user, csrf: c.get("session").csrf });

  app.post("/logout", (c) => {
    sessions.end(c.get("session").id);
    deleteCookie(c, SESSION, cookie);
    return c.redirect("/login", 303);
  });

  app.get("/", async (c) => {
    const parsed = parseQueueFilter(c.req.query());
    const f = "ok" in parsed ? parsed.ok : (parseQueueFilter({}) as { ok: never }).ok;
    const { rows, counts } = await desk.queue(f);
    const query = new URL(c.req.url).search.slice(1);
    return c.html(
      queuePage(ctx(c), f, query, rows, counts, o.clock.now(), "error" in parsed ? parsed.error : undefined),
      "error" in parsed ? 400 : 200,
    );
  });

  app.get("/queue/rows", async (c) => {
    const parsed = parseQueueFilter(c.req.query());
    if ("error" in parsed) return c.json({ error: parsed.error }, 400);
    const { rows, counts } = await desk.queue(parsed.ok);
    return c.json({ rows: queueRows(rows, o.clock.now()).html, counts });
  });

  app.get("/events", (c) =>
    streamSSE(c, async (stream) => {
      let n = 0;
      const off = desk.index.onAlert((a) => {
        void stream.writeSSE({ event: "alert", data: a.transaction_id, id: String(++n) });
      });
      stream.onAbort(off);
      while (!stream.aborted) {
        await stream.writeSSE({ event: "ping", data: "" });
        await stream.sleep(15_000);
      }
      off();
    }),
  );

  app.get("/alerts/:txid", async (c) => {
    const id = parseId(c.req.param("txid"), "transaction id");
    if ("error" in id) return c.html(errorPage(ctx(c), 400, id.error), 400);
    const v = await desk.show(id.ok);
    if (!v.alert && !v.decision) return c.html(errorPage(ctx(c), 404, `Nothing indexed for ${id.ok}.`), 404);
    return c.html(detailPage(ctx(c), v, fraudOf));
  });

  app.post("/alerts/:txid/:action", async (c) => {
    const id = parseId(c.req.param("txid"), "transaction id");
    if ("error" in id) return c.html(errorPage(ctx(c), 400, id.error), 400);
    const body = await c.req.parseBody();
    const note = parseNote(str(body.note));
    if ("error" in note) return c.html(errorPage(ctx(c), 400, note.error), 400);
    const who = c.get("session").user;
    try {
      switch (c.req.param("action")) {
        case "label": {
          const verdict = str(body.verdict);
          if (verdict !== "fraud" && verdict !== "legit")
            return c.html(errorPage(ctx(c), 400, "verdict must be fraud or legit"), 400);
          const r = await desk.label(id.ok, verdict as Verdict, who, note.ok);
          o.logger?.info({ user: who, transaction_id: id.ok, label_id: r.labelId, published: r.published }, "label");
          break;
        }
        case "assign":
          await desk.assign(id.ok, who);
          break;
        case "resolve":
          await desk.resolve(id.ok, who, note.ok);
          break;
        default:
          return c.html(errorPage(ctx(c), 404, "No such action."), 404);
      }
    } catch (err) {
      return failure(c, err);
    }
    return c.redirect(`/alerts/${encodeURIComponent(id.ok)}`, 303);
  });

  app.get("/lookup", async (c) => {
    const q = c.req.query("q")?.trim() ?? "";
    if (q === "") return c.html(lookupPage(ctx(c), q, { kind: "none" }, fraudOf));
    const id = parseId(q, "a transaction id or card token");
    if ("error" in id) return c.html(lookupPage(ctx(c), q, { kind: "error", message: id.error }, fraudOf), 400);
    const v = await desk.show(id.ok);
    if (v.alert || v.decision || v.labels.length > 0)
      return c.html(lookupPage(ctx(c), q, { kind: "txn", view: v }, fraudOf));
    const views: CaseView[] = await Promise.all(
      desk
        .byCard(id.ok)
        .slice(0, 100)
        .map((t) => desk.show(t)),
    );
    return c.html(lookupPage(ctx(c), q, { kind: "card", card: id.ok, views }, fraudOf));
  });

  app.get("/overview", async (c) => {
    const overview = await (o.scrape ?? scrape)(o.metricsUrls);
    return c.html(overviewPage(ctx(c), overview, desk.index.size()));
  });

  app.onError((err, c) => failure(c, err));
  return app;

  function failure(c: Context, err: unknown) {
    const fe = err instanceof FraudError ? err : undefined;
    const status =
      fe?.code === "FRAUD_ERR_CASE_UNKNOWN_TRANSACTION"
        ? 404
        : fe?.retriable
          ? 503
          : fe?.disposition === "poison"
            ? 400
            : 500;
    o.logger?.error({ code: fe?.code, err: (err as Error).message }, "request failed");
    const message = status === 500 ? "Something went wrong; see the console's log." : `${fe?.code}: ${fe?.message}`;
    return c.html(errorPage({}, status, message), status);
  }
}

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
