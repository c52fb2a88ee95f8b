import { DAY_MS } from "../simulate/model.js";
import type { Rng } from "../simulate/prng.js";

export interface ChargebackParams {
  /** Share of frauds the cardholder never disputes, so no label ever arrives. */
  unreportedShare: number;
  /** Median delay from the payment to the chargeback, in days. */
  medianDays: number;
  /** Log-normal spread of the delay; 0.8 puts about 85 % within two weeks at a 6-day median. */
  sigma: number;
  minDays: number;
  maxDays: number;
}

export const DEFAULT_CHARGEBACKS: ChargebackParams = {
  unreportedShare: 0.2,
  medianDays: 6,
  sigma: 0.8,
  minDays: 1,
  maxDays: 60,
};

/**
 * Delay in ms, or undefined when the fraud is never reported. Right-skewed: most
 * disputes come within two weeks of the statement, a few take up to the card scheme's
 * limit. Values outside [minDays, maxDays] are clamped to the bounds.
 */
export function chargebackDelay(p: ChargebackParams, rng: Rng): number | undefined {
  const unreported = rng.chance(p.unreportedShare);
  const days = rng.logNormal(Math.log(p.medianDays), p.sigma);
  if (unreported) return undefined;
  return Math.round(Math.min(p.maxDays, Math.max(p.minDays, days)) * DAY_MS);
}
