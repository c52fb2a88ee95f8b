import { WINDOWS } from "./declarations.js";
import type { FeatureSet } from "./feature-set.js";

/**
 * Raw aggregates as scoreTransaction-7.lua returns them (its reply without the status):
 * [prevTime, (count, sum, max) per card window, (txCount, fraudCount) per terminal window].
 */
export type RawAggregates = readonly number[];

export interface FeatureInput {
  event_time: number;
  amount_minor: number;
}

/** Pure: the named feature values of one transaction, in `set.names` order. */
export function deriveFeatures(set: FeatureSet, tx: FeatureInput, raw: RawAggregates): number[] {
  const expected = 1 + 3 * set.cardWindows.length + 2 * set.terminalWindows.length;
  if (raw.length !== expected) {
    throw new Error(`raw aggregates have ${raw.length} values, the feature set expects ${expected}`);
  }
  const at = (i: number) => raw[i] as number;
  const card = (windowMs: number) => {
    const i = 1 + 3 * set.cardWindows.indexOf(windowMs);
    return { count: at(i), sum: at(i + 1), max: at(i + 2) };
  };
  const terminal = (windowMs: number, delayMs: number) => {
    const j = set.terminalWindows.findIndex((w) => w.window === windowMs && w.delay === delayMs);
    const i = 1 + 3 * set.cardWindows.length + 2 * j;
    return { count: at(i), frauds: at(i + 1) };
  };
  const date = new Date(tx.event_time);
  const hour = date.getUTCHours();
  const prev = at(0);

  return set.declarations.map((d) => {
    switch (d.op) {
      case "value":
        return tx.amount_minor;
      case "hour_of_day":
        return hour;
      case "is_weekend":
        return date.getUTCDay() === 0 || date.getUTCDay() === 6 ? 1 : 0;
      case "is_night":
        return hour >= 22 || hour < 6 ? 1 : 0;
      case "seconds_since_prev":
        return prev < 0 ? -1 : (tx.event_time - prev) / 1000;
      case "count":
        return d.entity === "card"
          ? card(WINDOWS[d.window]).count
          : terminal(WINDOWS[d.window], WINDOWS[d.delay]).count;
      case "sum":
        return card(WINDOWS[d.window]).sum;
      case "max":
        return card(WINDOWS[d.window]).max;
      case "avg": {
        const c = card(WINDOWS[d.window]);
        return c.count === 0 ? 0 : c.sum / c.count;
      }
      case "ratio_to_avg": {
        const c = card(WINDOWS[d.window]);
        // The window always holds this transaction, so avg > 0 unless every amount is 0.
        return c.sum === 0 ? 1 : tx.amount_minor / (c.sum / c.count);
      }
      case "risk": {
        const t = terminal(WINDOWS[d.window], WINDOWS[d.delay]);
        return t.count === 0 ? 0 : t.frauds / t.count;
      }
      default:
        return unreachable(d);
    }
  });
}

function unreachable(d: never): never {
  throw new Error(`no derivation for ${JSON.stringify(d)}`);
}
