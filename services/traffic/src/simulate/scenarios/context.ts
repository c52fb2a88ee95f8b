import type { NewId } from "../genuine.js";
import { type Card, distance, type Population, type SimEvent, type SimTransaction, type Terminal } from "../model.js";
import type { Rng } from "../prng.js";

/** What a scenario may use to create one incident starting on a given day. */
export interface IncidentContext {
  pop: Population;
  rng: Rng;
  newId: NewId;
  dayStart: number;
  /** The day's genuine payments (a skimmer only sees cards that really visit it). */
  today: readonly SimTransaction[];
  /** Unique name of this incident. */
  incident: string;
}

export interface ScenarioModel {
  /** Expected fraudulent transactions per incident, used to hit the target fraud rate. */
  meanTransactions(pop: Population): number;
  incident(ctx: IncidentContext): SimEvent[];
}

/** Far from home: the fraudster is not where the cardholder lives. */
export const FAR = 40;

export function farTerminal(card: Card, ctx: IncidentContext): Terminal {
  const { pop, rng } = ctx;
  for (let tries = 0; tries < 50; tries++) {
    const t = rng.pick(pop.terminals);
    if (t.channel === "pos" && distance(t, card) >= FAR) return t;
  }
  // Tiny populations may have no far shop; a web shop is the fraudster's fallback.
  return pop.terminals[rng.pick(pop.ecom.length > 0 ? pop.ecom : [0])]!;
}

export function fraud(tx: SimTransaction, scenario: SimEvent["truth"]["scenario"], incident: string): SimEvent {
  return { tx, truth: { transaction_id: tx.transaction_id, is_fraud: true, scenario }, incident };
}

export const MAX_AMOUNT = 10_000_000;
