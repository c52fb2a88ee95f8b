import { payment } from "../genuine.js";
import { type Card, DAY_MS, type Population } from "../model.js";
import { farTerminal, fraud, MAX_AMOUNT, type ScenarioModel } from "./context.js";

/** Share of the cards seen by the skimmer that are later used by the fraudster. */
const DEFRAUDED = 0.6;
const MIN_TX = 1;
const MAX_TX = 4;
/** Fraud on a skimmed card starts between half a day and this many days after the visit. */
const MAX_LAG_DAYS = 5;

/**
 * Compromised terminal: a skimmer sits on one shop's terminal for a day; many of the
 * cards paying there are cloned and defrauded elsewhere over the following days.
 */
export const compromisedTerminal: ScenarioModel = {
  meanTransactions(pop: Population) {
    const perDay = pop.cards.reduce((s, c) => s + c.txPerDay, 0);
    const visits = perDay / Math.max(1, pop.terminals.length - pop.ecom.length);
    return Math.max(1, visits * DEFRAUDED * ((MIN_TX + MAX_TX) / 2));
  },
  incident(ctx) {
    const { pop, rng } = ctx;
    const visited = ctx.today.filter((tx) => tx.channel === "pos");
    if (visited.length === 0) return [];
    const skimmer = rng.pick(visited).terminal_id;
    const firstVisit = new Map<string, number>();
    for (const tx of ctx.today) {
      if (tx.terminal_id !== skimmer) continue;
      const seen = firstVisit.get(tx.card_token);
      if (seen === undefined || tx.event_time < seen) firstVisit.set(tx.card_token, tx.event_time);
    }
    const byToken = cardsByToken(pop);
    const out = [];
    for (const [token, visit] of [...firstVisit].sort((a, b) => a[1] - b[1])) {
      if (!rng.chance(DEFRAUDED)) continue;
      const card = byToken.get(token)!;
      const n = rng.int(MIN_TX, MAX_TX);
      for (let i = 0; i < n; i++) {
        const t = visit + DAY_MS * (0.5 + rng.next() * (MAX_LAG_DAYS - 0.5));
        const online = pop.ecom.length > 0 && rng.chance(0.5);
        const terminal = online ? rng.pick(pop.ecom) : farTerminal(card, ctx).index;
        const amount = Math.min(MAX_AMOUNT, Math.exp(card.amountMu) * (2 + rng.next() * 6));
        out.push(fraud(payment(card, terminal, t, amount, pop, ctx.newId), "compromised_terminal", ctx.incident));
      }
    }
    return out;
  },
};

// Built once per population rather than per incident.
const tokenIndex = new WeakMap<Population, Map<string, Card>>();
function cardsByToken(pop: Population): Map<string, Card> {
  let m = tokenIndex.get(pop);
  if (!m) {
    m = new Map(pop.cards.map((c) => [c.token, c]));
    tokenIndex.set(pop, m);
  }
  return m;
}
