import { type FeatureDeclaration, WINDOWS } from "./declarations.js";
import type { FeatureSet } from "./feature-set.js";

/**
 * Raw aggregates as the feature store returns them (store.ts):
 * [prevTime, (count, sum, max) per card window, (txCount, fraudCount) per terminal window].
 */
export type RawAggregates = readonly number[];

export interface FeatureInput {
  event_time: number;
  amount_minor: number;
}

type Step = { op: FeatureDeclaration["op"]; entity: FeatureDeclaration["entity"]; at: number };

/** Where each declaration's inputs sit in the raw aggregates; computed once per feature set. */
const plans = new WeakMap<FeatureSet, Step[]>();
function plan(set: FeatureSet): Step[] {
  let steps = plans.get(set);
  if (steps) return steps;
  steps = set.declarations.map((d) => {
    if (!("window" in d)) return { op: d.op, entity: d.entity, at: 0 };
    if (d.entity === "card")
      return { op: d.op, entity: d.entity, at: 1 + 3 * set.cardWindows.indexOf(WINDOWS[d.window]) };
    const j = set.terminalWindows.findIndex((w) => w.window === WINDOWS[d.window] && w.delay === WINDOWS[d.delay]);
    return { op: d.op, entity: d.entity, at: 1 + 3 * set.cardWindows.length + 2 * j };
  });
  plans.set(set, steps);
  return steps;
}

/** Pure: the named feature values of one transaction, in `set.names` order. */
export function deriveFeatures(set: FeatureSet, tx: FeatureInput, raw: RawAggregates): number[] {
  const expected = 1 + 3 * set.cardWindows.length + 2 * set.terminalWindows.length;
  if (raw.length !== expected) {
    throw new Error(`raw aggregates have ${raw.length} values, the feature set expects ${expected}`);
  }
  const at = (i: number) => raw[i] as number;
  const date = new Date(tx.event_time);
  const hour = date.getUTCHours();
  const prev = at(0);
  const steps = plan(set);
  const out = new Array<number>(steps.length);
  for (let k = 0; k < steps.length; k++) {
    const { op, entity, at: i } = steps[k] as Step;
    out[k] = value(op, entity, i);
  }
  return out;

  // Card windows are (count, sum, max) at i; terminal windows (count, frauds) at i.
  function value(op: Step["op"], entity: Step["entity"], i: number): number {
    switch (op) {
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
        return at(i);
      case "sum":
        return at(i + 1);
      case "max":
        return at(i + 2);
      case "avg":
        return at(i) === 0 ? 0 : at(i + 1) / at(i);
      case "ratio_to_avg":
        // The window always holds this transaction, so avg > 0 unless every amount is 0.
        return at(i + 1) === 0 ? 1 : tx.amount_minor / (at(i + 1) / at(i));
      case "risk":
        return at(i) === 0 ? 0 : at(i + 1) / at(i);
      default:
        return unreachable(op, entity);
    }
  }
}

function unreachable(op: never, entity: string): never {
  throw new Error(`no derivation for ${entity} ${String(op)}`);
}
