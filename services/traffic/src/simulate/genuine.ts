import type { Card, Population, SimTransaction } from "./model.js";
import type { Rng } from "./prng.js";
import { timeOfDay } from "./rhythm.js";

export type NewId = () => string;

/** Minimum amount a shop accepts, in minor units. */
const MIN_AMOUNT = 50;

/** A card's ordinary payments on one day: Poisson count, daily rhythm, its own amount profile, its usual shops. */
export function genuineDay(card: Card, dayStart: number, pop: Population, rng: Rng, newId: NewId): SimTransaction[] {
  const n = rng.poisson(card.txPerDay);
  const out: SimTransaction[] = [];
  for (let i = 0; i < n; i++) {
    const terminal = pop.terminals[rng.pick(card.usual)]!;
    const amount = Math.max(MIN_AMOUNT, Math.round(rng.logNormal(card.amountMu, card.amountSigma)));
    out.push(payment(card, terminal.index, dayStart + timeOfDay(rng), amount, pop, newId));
  }
  return out;
}

export function payment(
  card: Card,
  terminalIndex: number,
  time: number,
  amountMinor: number,
  pop: Population,
  newId: NewId,
): SimTransaction {
  const t = pop.terminals[terminalIndex]!;
  return {
    transaction_id: newId(),
    event_time: Math.floor(time),
    card_token: card.token,
    terminal_id: t.id,
    amount_minor: Math.round(amountMinor),
    currency: "EUR",
    merchant_category: t.mcc,
    channel: t.channel,
    country: t.country,
    customer_id: card.customerId,
  };
}
