import { payment } from "../genuine.js";
import { DAY_MS } from "../model.js";
import { fraud, type ScenarioModel } from "./context.js";

const MIN_TESTS = 8;
const MAX_TESTS = 20;
/** Mean gap between two probes; a burst lasts a few minutes. */
const GAP_MS = 20_000;

/**
 * Card testing: a fraudster checks whether a stolen card works with a rapid burst of
 * tiny payments, mostly at web shops, at any hour.
 */
export const cardTesting: ScenarioModel = {
  meanTransactions: () => (MIN_TESTS + MAX_TESTS) / 2,
  incident(ctx) {
    const { pop, rng } = ctx;
    const card = rng.pick(pop.cards);
    const online = pop.ecom.length > 0 && rng.chance(0.8);
    const terminal = online ? rng.pick(pop.ecom) : rng.pick(card.usual);
    let t = ctx.dayStart + rng.next() * DAY_MS;
    const n = rng.int(MIN_TESTS, MAX_TESTS);
    const out = [];
    for (let i = 0; i < n; i++) {
      // 0.50 to 2.99 EUR: below any fraud rule on amount.
      const amount = rng.int(50, 299);
      out.push(fraud(payment(card, terminal, t, amount, pop, ctx.newId), "card_testing", ctx.incident));
      t += rng.exponential(GAP_MS);
    }
    return out;
  },
};
