/**
 * The simulator's vocabulary. Transactions use the contract's snake_case field names so
 * they go straight to codecs and record writers; everything else (cards, terminals,
 * ground truth) stays inside the simulator and the truth file.
 */
import type { Label, Transaction } from "@fraud/contracts";

export type Scenario = "genuine" | "card_testing" | "account_takeover" | "compromised_terminal" | "high_amount";

export const FRAUD_SCENARIOS = ["card_testing", "account_takeover", "compromised_terminal", "high_amount"] as const;
export type FraudScenario = (typeof FRAUD_SCENARIOS)[number];

/** The simulator emits the contract's records as they are. */
export type SimTransaction = Transaction;
export type SimLabel = Label;

/** One row of the truth file. */
export interface Truth {
  transaction_id: string;
  is_fraud: boolean;
  scenario: Scenario;
}

export interface SimEvent {
  tx: SimTransaction;
  truth: Truth;
  /** Groups the transactions of one fraud incident (tests, analysis); absent for genuine ones. */
  incident?: string;
}

export interface Card {
  index: number;
  token: string;
  customerId: string;
  x: number;
  y: number;
  country: string;
  /** log-normal parameters of the amount in minor units. */
  amountMu: number;
  amountSigma: number;
  txPerDay: number;
  /** Terminal indices this card normally uses (near home, plus a few web shops). */
  usual: number[];
}

export interface Terminal {
  index: number;
  id: string;
  x: number;
  y: number;
  country: string;
  mcc: string;
  channel: "pos" | "ecom";
}

export interface Population {
  cards: Card[];
  terminals: Terminal[];
  ecom: number[];
}

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;

/** The grid is GRID x GRID units; each quadrant is one country. */
export const GRID = 100;

export function countryAt(x: number, y: number): string {
  if (x < GRID / 2) return y < GRID / 2 ? "FR" : "BE";
  return y < GRID / 2 ? "DE" : "NL";
}

export function distance(a: { x: number; y: number }, b: { x: number; y: number }): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}
