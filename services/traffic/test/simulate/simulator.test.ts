import { describe, expect, it } from "vitest";
import { distance, type SimEvent } from "../../src/simulate/model.js";
import { simulateDays } from "../../src/simulate/simulator.js";

const START = Date.UTC(2026, 0, 1);
const run = (seed: number, extra: Record<string, unknown> = {}) => {
  const { population, events } = simulateDays({ seed, start: START, days: 30, ...extra });
  return { population, events: [...events] };
};
const { population, events } = run(7);
const genuine = events.filter((e) => !e.truth.is_fraud);
const byIncident = (scenario: string) => {
  const m = new Map<string, SimEvent[]>();
  for (const e of events) {
    if (e.truth.scenario !== scenario) continue;
    const list = m.get(e.incident!) ?? [];
    list.push(e);
    m.set(e.incident!, list);
  }
  return [...m.values()];
};
const genuineAmounts = new Map<string, number[]>();
for (const e of genuine) {
  const a = genuineAmounts.get(e.tx.card_token) ?? [];
  a.push(e.tx.amount_minor);
  genuineAmounts.set(e.tx.card_token, a);
}
const genuineByCard = new Map<string, SimEvent[]>();
for (const e of genuine) {
  const list = genuineByCard.get(e.tx.card_token) ?? [];
  list.push(e);
  genuineByCard.set(e.tx.card_token, list);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const terminalById = new Map(population.terminals.map((t) => [t.id, t]));
const cardByToken = new Map(population.cards.map((c) => [c.token, c]));

// Generous timeout: the suite simulates 30 days several times, and the box is shared.
describe("simulator", { timeout: 30_000 }, () => {
  it("is deterministic in its seed", () => {
    const again = run(7).events;
    expect(JSON.stringify(again)).toBe(JSON.stringify(events));
    const other = [...simulateDays({ seed: 8, start: START, days: 2 }).events];
    expect(other.length).toBeGreaterThan(0);
    expect(other[0]!.tx.card_token).not.toBe(events[0]!.tx.card_token);
  });

  it("emits in event-time order within the simulated days, with unique ids", () => {
    for (let i = 1; i < events.length; i++) expect(events[i]!.tx.event_time >= events[i - 1]!.tx.event_time).toBe(true);
    expect(events[0]!.tx.event_time).toBeGreaterThanOrEqual(START);
    expect(events.at(-1)!.tx.event_time).toBeLessThan(START + 30 * 86_400_000);
    expect(new Set(events.map((e) => e.tx.transaction_id)).size).toBe(events.length);
  });

  it("uses tokens, never digit-only card identifiers", () => {
    for (const c of population.cards) expect(c.token).toMatch(/^tok_[0-9a-f]{16}$/);
  });

  it("hits the configured fraud rate and has every scenario", () => {
    const rate = (evs: SimEvent[]) => evs.filter((e) => e.truth.is_fraud).length / evs.length;
    expect(rate(events)).toBeGreaterThan(0.007);
    expect(rate(events)).toBeLessThan(0.013);
    for (const s of ["card_testing", "account_takeover", "compromised_terminal", "high_amount"]) {
      expect(byIncident(s).length).toBeGreaterThan(3);
    }
    const doubled = simulateDays({ seed: 7, start: START, days: 10, fraudRate: 0.02 });
    const r2 = rate([...doubled.events]);
    expect(r2).toBeGreaterThan(0.015);
    expect(r2).toBeLessThan(0.025);
  });

  it("follows a daily rhythm: little activity at night", () => {
    const night = genuine.filter((e) => new Date(e.tx.event_time).getUTCHours() < 6).length;
    const noon = genuine.filter((e) => {
      const h = new Date(e.tx.event_time).getUTCHours();
      return h >= 11 && h < 17;
    }).length;
    expect(night / genuine.length).toBeLessThan(0.06);
    expect(noon).toBeGreaterThan(5 * night);
  });

  it("card testing: bursts of tiny amounts on one card within minutes, mostly online", () => {
    const incidents = byIncident("card_testing");
    let online = 0;
    for (const inc of incidents) {
      expect(inc.length).toBeGreaterThanOrEqual(5);
      expect(new Set(inc.map((e) => e.tx.card_token)).size).toBe(1);
      for (const e of inc) expect(e.tx.amount_minor).toBeLessThan(300);
      const times = inc.map((e) => e.tx.event_time);
      expect(Math.max(...times) - Math.min(...times)).toBeLessThan(60 * 60_000);
      if (inc[0]!.tx.channel === "ecom") online++;
    }
    expect(online / incidents.length).toBeGreaterThan(0.6);
    // Genuine payments that small are rare.
    expect(genuine.filter((e) => e.tx.amount_minor < 300).length / genuine.length).toBeLessThan(0.02);
  });

  it("account takeover: amounts far above the card's profile at terminals far from home, within two days", () => {
    for (const inc of byIncident("account_takeover")) {
      const token = inc[0]!.tx.card_token;
      const home = cardByToken.get(token)!;
      const typical = median(genuineAmounts.get(token) ?? [Math.exp(home.amountMu)]);
      const times = inc.map((e) => e.tx.event_time);
      expect(Math.max(...times) - Math.min(...times)).toBeLessThanOrEqual(2 * 86_400_000);
      for (const e of inc) {
        expect(e.tx.card_token).toBe(token);
        expect(e.tx.amount_minor).toBeGreaterThan(3 * typical);
        expect(distance(terminalById.get(e.tx.terminal_id)!, home)).toBeGreaterThanOrEqual(40);
      }
    }
  });

  it("compromised terminal: many cards defrauded in the days after paying at one common terminal", () => {
    const incidents = byIncident("compromised_terminal");
    const sizes = incidents.map((inc) => new Set(inc.map((e) => e.tx.card_token)).size);
    expect(Math.max(...sizes)).toBeGreaterThanOrEqual(3);
    expect(sizes.reduce((a, b) => a + b, 0) / sizes.length).toBeGreaterThanOrEqual(2);
    for (const inc of incidents) {
      const cards = new Set(inc.map((e) => e.tx.card_token));
      // Terminals each victim paid at genuinely before its first fraud; one must be common to all.
      let common: Set<string> | undefined;
      for (const token of cards) {
        const first = Math.min(...inc.filter((e) => e.tx.card_token === token).map((e) => e.tx.event_time));
        const visited = new Set(
          (genuineByCard.get(token) ?? [])
            .filter((g) => g.tx.event_time < first && first - g.tx.event_time <= 5 * 86_400_000)
            .map((g) => g.tx.terminal_id),
        );
        common = common ? new Set([...common].filter((t) => visited.has(t))) : visited;
      }
      expect(common!.size).toBeGreaterThan(0);
    }
  });

  it("high amount: single payments above anything the card spends genuinely", () => {
    const incidents = byIncident("high_amount");
    for (const inc of incidents) {
      expect(inc).toHaveLength(1);
      const own = genuineAmounts.get(inc[0]!.tx.card_token) ?? [];
      expect(inc[0]!.tx.amount_minor).toBeGreaterThan(Math.max(0, ...own));
    }
  });
});
