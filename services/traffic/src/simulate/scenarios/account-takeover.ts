import { payment } from "../genuine.js";
import { DAY_MS } from "../model.js";
import { farTerminal, fraud, MAX_AMOUNT, type ScenarioModel } from "./context.js";

const MIN_TX = 3;
const MAX_TX = 8;

/**
 * Account takeover: a stolen card is drained over one or two days with several
 * payments far above the cardholder's usual amounts, at shops far from home.
 */
export const accountTakeover: ScenarioModel = {
  meanTransactions: () => (MIN_TX + MAX_TX) / 2,
  incident(ctx) {
    const { pop, rng } = ctx;
    const card = rng.pick(pop.cards);
    const start = ctx.dayStart + rng.next() * DAY_MS;
    const span = DAY_MS * (1 + rng.next());
    const typical = Math.exp(card.amountMu);
    const n = rng.int(MIN_TX, MAX_TX);
    const out = [];
    for (let i = 0; i < n; i++) {
      const terminal = farTerminal(card, ctx);
      const amount = Math.min(MAX_AMOUNT, typical * (5 + rng.next() * 15));
      const t = start + rng.next() * span;
      out.push(fraud(payment(card, terminal.index, t, amount, pop, ctx.newId), "account_takeover", ctx.incident));
    }
    return out;
  },
};
