import type { CaseView, Desk, Verdict } from "@fraud/cases";
import { isFraud, parseId, parseNote, parseQueueFilter } from "@fraud/cases";
import { type Clock, FraudError, type Logger, maskPans } from "@fraud/platform";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { type Accounts, authenticate } from "../auth/accounts.js";
import { type Session, Sessions, sameToken, token } from "../auth/sessions.js";
import { LoginThrottle } from "../auth/throttle.js";
import { type Overview, scrape } from "../overview/scrape.js";
import { detailPage } from "../views/detail.js";
import { errorPage, loginPage } from "../views/layout.js";
import { lookupPage, overviewPage } from "../views/pages.js";
import { queuePage, queueRows } from "../views/queue.js";
import { cookieHeader, readCookie } from "./cookies.js";
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
const PUBLIC = new Set(["/login", "/static/console.js", "/static/console.css", "/healthz"]);
type Form = Record<string, string | undefined>;

declare module "fastify" {
  interface FastifyRequest {
    session?: Session;
  }
}

/**
 * The console's HTTP surface (fastify, as the inline API). Every route but /login,
 * /static and /healthz needs a session (401 otherwise); every POST carries the
 * session's CSRF token (403 otherwise); every action is attributed to the session's
 * analyst.
 */
export function createApp(o: AppOptions): FastifyInstance {
  const { desk } = o;
  const sessions = new Sessions(o.clock, o.sessionTtlMs);
  const throttle = new LoginThrottle(o.clock);
  const fraudOf = (id: string) => isFraud(desk.index.labelsOf(id));
  const app = Fastify({ logger: false, bodyLimit: 16_384 }) as unknown as FastifyInstance;

  app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  app.addHook("onSend", async (_req, reply, payload) => {
    reply.header(
      "Content-Security-Policy",
      "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'",
    );
    reply.header("X-Content-Type-Options", "nosniff");
    reply.header("Referrer-Policy", "same-origin");
    reply.header("Cache-Control", "no-store");
    return payload;
  });

  const html = (reply: FastifyReply, body: string, status = 200) =>
    reply.code(status).type("text/html; charset=utf-8").send(body);
  const form = (req: FastifyRequest): Form => (req.body && typeof req.body === "object" ? (req.body as Form) : {});
  const ctx = (req: FastifyRequest) => ({ user: req.session?.user, csrf: req.session?.csrf });
  const cookie = (name: string, value: string, maxAge: number) =>
    cookieHeader(name, value, { secure: o.cookieSecure, maxAge });

  // Login CSRF: a double-submit token, since there is no session yet.
  const showLogin = (reply: FastifyReply, status: 200 | 401, error?: string) => {
    const t = token();
    reply.header("set-cookie", cookie(LOGIN_CSRF, t, 3600));
    return html(reply, loginPage(t, error), status);
  };

  app.addHook("preHandler", async (req, reply) => {
    const path = req.url.split("?")[0] as string;
    if (PUBLIC.has(path)) return;
    const s = sessions.get(readCookie(req.headers.cookie, SESSION));
    if (!s) {
      if (req.method === "GET" && req.headers.accept?.includes("text/html")) return showLogin(reply, 401);
      return reply.code(401).type("text/plain").send("login required");
    }
    req.session = s;
    if (req.method === "POST" && !sameToken(s.csrf, form(req)._csrf)) {
      return reply.code(403).type("text/plain").send("missing or wrong CSRF token");
    }
  });

  app.get("/static/console.js", async (_req, reply) => reply.type("text/javascript; charset=utf-8").send(SCRIPT));
  app.get("/static/console.css", async (_req, reply) => reply.type("text/css; charset=utf-8").send(STYLE));
  app.get("/healthz", async (_req, reply) => reply.type("text/plain").send("ok"));

  app.get("/login", async (_req, reply) => showLogin(reply, 200));
  app.post("/login", async (req, reply) => {
    const body = form(req);
    if (!sameToken(readCookie(req.headers.cookie, LOGIN_CSRF), body._csrf))
      return showLogin(reply, 401, "The form expired; try again.");
    const name = body.user ?? "";
    if (throttle.blocked(name)) return showLogin(reply, 401, "Too many failed logins; wait 15 minutes.");
    const user = await authenticate(o.accounts, name, body.password ?? "");
    if (!user) {
      throttle.failed(name);
      o.logger?.warn({ user: maskPans(name.slice(0, 32)) }, "failed login");
      return showLogin(reply, 401, "Wrong user or password.");
    }
    throttle.succeeded(user);
    const s = sessions.create(user);
    reply.header("set-cookie", [cookie(LOGIN_CSRF, "", 0), cookie(SESSION, s.id, Math.floor(o.sessionTtlMs / 1000))]);
    o.logger?.info({ user }, "login");
    return reply.redirect("/", 303);
  });

  app.post("/logout", async (req, reply) => {
    sessions.end(req.session?.id);
    reply.header("set-cookie", cookie(SESSION, "", 0));
    return reply.redirect("/login", 303);
  });

  app.get("/", async (req, reply) => {
    const q = req.query as Form;
    const parsed = parseQueueFilter(q);
    const f = "ok" in parsed ? parsed.ok : (parseQueueFilter({}) as { ok: never }).ok;
    const { rows, counts } = await desk.queue(f);
    const query = req.url.includes("?") ? req.url.slice(req.url.indexOf("?") + 1) : "";
    const error = "error" in parsed ? parsed.error : undefined;
    return html(reply, queuePage(ctx(req), f, query, rows, counts, o.clock.now(), error), error ? 400 : 200);
  });

  app.get("/queue/rows", async (req, reply) => {
    const parsed = parseQueueFilter(req.query as Form);
    if ("error" in parsed) return reply.code(400).send({ error: parsed.error });
    const { rows, counts } = await desk.queue(parsed.ok);
    return reply.send({ rows: queueRows(rows, o.clock.now()).html, counts });
  });

  app.get("/events", (req, reply) => {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store",
      Connection: "keep-alive",
    });
    let n = 0;
    res.write(": connected\n\n");
    const off = desk.index.onAlert((a) => {
      res.write(`id: ${++n}\nevent: alert\ndata: ${a.transaction_id}\n\n`);
    });
    const ping = setInterval(() => res.write(": ping\n\n"), 15_000);
    req.raw.on("close", () => {
      off();
      clearInterval(ping);
    });
  });

  app.get("/alerts/:txid", async (req, reply) => {
    const id = parseId((req.params as Form).txid, "transaction id");
    if ("error" in id) return html(reply, errorPage(ctx(req), 400, id.error), 400);
    const v = await desk.show(id.ok);
    if (!v.alert && !v.decision) return html(reply, errorPage(ctx(req), 404, `Nothing indexed for ${id.ok}.`), 404);
    return html(reply, detailPage(ctx(req), v, fraudOf));
  });

  app.post("/alerts/:txid/:action", async (req, reply) => {
    const params = req.params as Form;
    const id = parseId(params.txid, "transaction id");
    if ("error" in id) return html(reply, errorPage(ctx(req), 400, id.error), 400);
    const body = form(req);
    const note = parseNote(body.note);
    if ("error" in note) return html(reply, errorPage(ctx(req), 400, note.error), 400);
    const who = req.session?.user as string;
    switch (params.action) {
      case "label": {
        const verdict = body.verdict;
        if (verdict !== "fraud" && verdict !== "legit")
          return html(reply, errorPage(ctx(req), 400, "verdict must be fraud or legit"), 400);
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
        return html(reply, errorPage(ctx(req), 404, "No such action."), 404);
    }
    return reply.redirect(`/alerts/${encodeURIComponent(id.ok)}`, 303);
  });

  app.get("/lookup", async (req, reply) => {
    const q = (req.query as Form).q?.trim() ?? "";
    if (q === "") return html(reply, lookupPage(ctx(req), q, { kind: "none" }, fraudOf));
    const id = parseId(q, "a transaction id or card token");
    if ("error" in id) return html(reply, lookupPage(ctx(req), q, { kind: "error", message: id.error }, fraudOf), 400);
    const v = await desk.show(id.ok);
    if (v.alert || v.decision || v.labels.length > 0)
      return html(reply, lookupPage(ctx(req), q, { kind: "txn", view: v }, fraudOf));
    const views: CaseView[] = await Promise.all(
      desk
        .byCard(id.ok)
        .slice(0, 100)
        .map((t) => desk.show(t)),
    );
    return html(reply, lookupPage(ctx(req), q, { kind: "card", card: id.ok, views }, fraudOf));
  });

  app.get("/overview", async (req, reply) => {
    const overview = await (o.scrape ?? scrape)(o.metricsUrls);
    return html(reply, overviewPage(ctx(req), overview, desk.index.size()));
  });

  app.setErrorHandler((err, req, reply) => {
    const fe = err instanceof FraudError ? err : undefined;
    const status =
      fe?.code === "FRAUD_ERR_CASE_UNKNOWN_TRANSACTION"
        ? 404
        : fe?.retriable
          ? 503
          : fe?.disposition === "poison"
            ? 400
            : ((err as { statusCode?: number }).statusCode ?? 500);
    o.logger?.error({ code: fe?.code, err: maskPans((err as Error).message) }, "request failed");
    const message =
      status >= 500 && !fe ? "Something went wrong; see the console's log." : maskPans((err as Error).message);
    return html(reply, errorPage(ctx(req), status, fe ? `${fe.code}: ${message}` : message), status);
  });
  return app;
}
