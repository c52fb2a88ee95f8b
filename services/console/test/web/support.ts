import { type CaseAction, CaseIndex, type CaseState, type CaseStore, createDesk, transition } from "@fraud/cases";
import type { Label } from "@fraud/contracts";
import { createCodecs } from "@fraud/contracts";
import { ManualClock } from "@fraud/platform";
import { hashPassword } from "../../src/auth/password.js";
import { createApp } from "../../src/web/app.js";

/** An in-memory case store and label sink: the app's own logic, with no servers. */
export async function testApp() {
  const clock = new ManualClock(Date.parse("2026-03-01T12:00:00Z"));
  const codecs = await createCodecs();
  const index = new CaseIndex();
  const states = new Map<string, CaseState>();
  const histories = new Map<string, CaseAction[]>();
  const claimed = new Set<string>();
  const store: CaseStore = {
    state: async (id) => states.get(id) ?? { status: "open" },
    states: async (ids) => new Map(ids.map((id) => [id, states.get(id) ?? { status: "open" }])),
    history: async (id) => histories.get(id) ?? [],
    record: async (id, a) => {
      const next = transition(states.get(id) ?? { status: "open" }, a);
      states.set(id, next);
      histories.set(id, [...(histories.get(id) ?? []), a]);
      return next;
    },
    claimLabel: async (id) => !claimed.has(id) && Boolean(claimed.add(id)),
    releaseLabel: async (id) => {
      claimed.delete(id);
    },
  };
  const sent: Label[] = [];
  const sink = {
    send: async (_key: string, value: Buffer) => {
      sent.push(codecs.label.decode(value));
    },
    close: async () => undefined,
  };
  const desk = createDesk({ index, store, sink, codecs, clock });
  const accounts = new Map([["alice", await hashPassword("alice-pass", 1024)]]);
  const app = createApp({ desk, accounts, clock, sessionTtlMs: 3_600_000, cookieSecure: false, metricsUrls: [] });
  index.addAlert({
    transaction_id: "tx_1",
    card_token: "tok_1",
    terminal_id: "term_1",
    event_time: clock.now() - 60_000,
    amount_minor: 12345,
    currency: "EUR",
    score: 0.93,
    threshold: 0.5,
    decision: "decline",
    model_version: "m1",
    feature_set_version: "fs1",
    reasons: [{ feature: "txn_amount_value", value: 12345, contribution: 1.2, detail: "a large amount <b>" }],
    features: { txn_amount_value: 12345 },
    scored_at: clock.now() - 30_000,
  });
  return { app, sent, clock, histories };
}

type App = Awaited<ReturnType<typeof testApp>>["app"];

/** fastify's inject, answered as a fetch Response so tests read like a browser's requests. */
export async function req(
  app: App,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
) {
  const r = await app.inject({
    method: (init.method ?? "GET") as "GET" | "POST",
    url: path,
    headers: init.headers ?? {},
    ...(init.body === undefined ? {} : { payload: init.body }),
  });
  const headers = new Headers();
  for (const [k, v] of Object.entries(r.headers)) {
    for (const one of Array.isArray(v) ? v : [v]) if (one !== undefined) headers.append(k, String(one));
  }
  return new Response(r.statusCode === 204 || r.statusCode === 304 ? null : r.body, { status: r.statusCode, headers });
}

/** Logs in through the form and returns the session cookie and CSRF token. */
export async function login(app: App, user = "alice", password = "alice-pass") {
  const page = await req(app, "/login");
  const loginCookie = cookieOf(page);
  const csrf = csrfOf(await page.text());
  const res = await req(app, "/login", {
    method: "POST",
    headers: { cookie: loginCookie, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ _csrf: csrf, user, password }).toString(),
  });
  const session = cookieOf(res);
  if (res.status !== 303) return { res, session: "", csrf: "" };
  const home = await req(app, "/", { headers: { cookie: session } });
  return { res, session, csrf: csrfOf(await home.text()) };
}

export function cookieOf(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0] as string)
    .filter((c) => !c.endsWith("="))
    .join("; ");
}

export const csrfOf = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";

export const form = (cookie: string, fields: Record<string, string>) => ({
  method: "POST",
  headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
});
