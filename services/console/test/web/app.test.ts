import { describe, expect, it } from "vitest";
import { cookieOf, form, login, req, testApp } from "./support.js";

describe("access", () => {
  it("refuses every page and the event stream without a session", async () => {
    const { app } = await testApp();
    for (const path of ["/", "/alerts/tx_1", "/lookup?q=tx_1", "/overview", "/events", "/queue/rows"]) {
      expect((await req(app, path)).status, path).toBe(401);
    }
    const html = await req(app, "/", { headers: { accept: "text/html" } });
    expect(html.status).toBe(401);
    expect(await html.text()).toContain('action="/login"');
  });

  it("logs in with the right password only, with an HttpOnly SameSite=Strict cookie", async () => {
    const { app } = await testApp();
    const bad = await login(app, "alice", "wrong-pass");
    expect(bad.res.status).toBe(401);
    const ok = await login(app);
    expect(ok.res.status).toBe(303);
    const setCookie = ok.res.headers.getSetCookie().find((c) => c.startsWith("fc_session="));
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect((await req(app, "/", { headers: { cookie: ok.session } })).status).toBe(200);
  });

  it("refuses a login post without the login form's token", async () => {
    const { app } = await testApp();
    const res = await req(app, "/login", form("", { user: "alice", password: "alice-pass" }));
    expect(res.status).toBe(401);
    expect(cookieOf(res)).not.toContain("fc_session");
  });
});

describe("CSRF", () => {
  it("refuses an action without the session's token, and with another session's token", async () => {
    const { app, sent } = await testApp();
    const a = await login(app);
    const b = await login(app);
    expect(a.csrf).not.toBe(b.csrf);
    expect((await req(app, "/alerts/tx_1/label", form(a.session, { verdict: "fraud" }))).status).toBe(403);
    expect((await req(app, "/alerts/tx_1/label", form(a.session, { verdict: "fraud", _csrf: b.csrf }))).status).toBe(
      403,
    );
    expect(sent).toHaveLength(0);
    const ok = await req(app, "/alerts/tx_1/label", form(a.session, { verdict: "fraud", _csrf: a.csrf }));
    expect(ok.status).toBe(303);
    expect(sent).toHaveLength(1);
  });

  it("publishes one label for a double click and records both clicks, attributed", async () => {
    const { app, sent, histories } = await testApp();
    const a = await login(app);
    for (let i = 0; i < 2; i++)
      await req(app, "/alerts/tx_1/label", form(a.session, { verdict: "fraud", _csrf: a.csrf }));
    expect(sent.map((l) => [l.transaction_id, l.is_fraud, l.source])).toEqual([["tx_1", true, "analyst"]]);
    expect(histories.get("tx_1")?.map((h) => [h.by, h.kind, h.published])).toEqual([
      ["alice", "label_fraud", true],
      ["alice", "label_fraud", false],
    ]);
  });
});

describe("input validation", () => {
  it("answers 400 with the field's name for malformed input", async () => {
    const { app, sent } = await testApp();
    const a = await login(app);
    const bad = [
      ["/alerts/tx_1/label", { verdict: "maybe" }, /verdict must be fraud or legit/],
      ["/alerts/tx_1/resolve", { note: "card 4111 1111 1111 1111" }, /card number/],
      ["/alerts/tx_1/resolve", { note: "x".repeat(501) }, /at most 500/],
      [`/alerts/${encodeURIComponent("tx 1<script>")}/assign`, {}, /transaction id must be/],
    ] as const;
    for (const [path, fields, message] of bad) {
      const res = await req(app, path, form(a.session, { ...fields, _csrf: a.csrf }));
      expect(res.status, path).toBe(400);
      expect(await res.text()).toMatch(message);
    }
    expect(sent).toHaveLength(0);
    const q = await req(app, "/?minScore=2", { headers: { cookie: a.session } });
    expect(q.status).toBe(400);
    expect(await q.text()).toContain("minScore must be a number between 0 and 1");
    expect((await req(app, "/queue/rows?age=soon", { headers: { cookie: a.session } })).status).toBe(400);
  });

  it("404s an action on an unknown transaction and escapes what it echoes", async () => {
    const { app } = await testApp();
    const a = await login(app);
    const res = await req(app, "/alerts/tx_nope/assign", form(a.session, { _csrf: a.csrf }));
    expect(res.status).toBe(404);
    const detail = await (await req(app, "/alerts/tx_1", { headers: { cookie: a.session } })).text();
    expect(detail).toContain("a large amount &lt;b&gt;");
    expect(detail).not.toContain("a large amount <b>");
  });
});

describe("login throttle", () => {
  it("refuses even the right password after five failures, until the window passes", async () => {
    const { app, clock } = await testApp();
    for (let i = 0; i < 5; i++) expect((await login(app, "alice", "wrong-pass")).res.status).toBe(401);
    const refused = await login(app);
    expect(refused.res.status).toBe(401);
    expect(await refused.res.text()).toContain("Too many failed logins");
    clock.advance(15 * 60_000);
    expect((await login(app)).res.status).toBe(303);
  });
});
