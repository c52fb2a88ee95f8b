import { payment } from "../genuine.js";
import { timeOfDay } from "../rhythm.js";
import { fraud, MAX_AMOUNT, type ScenarioModel } from "./context.js";

/**
 * High amount: one payment far out of the card's pattern (beyond 4.5 standard
 * deviations of its log-amount), at a shop it normally uses.
 */
export const highAmount: ScenarioModel = {
  meanTransactions: () => 1,
  incident(ctx) {
    const { pop, rng } = ctx;
    const card = rng.pick(pop.cards);
    const amount = Math.min(MAX_AMOUNT, Math.exp(card.amountMu + card.amountSigma * (4.5 + rng.next())));
    const t = ctx.dayStart + timeOfDay(rng);
    return [fraud(payment(card, rng.pick(card.usual), t, amount, pop, ctx.newId), "high_amount", ctx.incident)];
  },
};
