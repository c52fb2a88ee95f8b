/**
 * The feature set, declared as data. The scorer, the offline extractor used for training
 * and the model card check all read this one list; names are derived mechanically
 * (`<entity>_<input>_<op>[_<window>]`) and never typed twice.
 *
 * Semantics (all as of the event's own event_time t, never the wall clock):
 *   card windows      (t - w, t]           exact, over the card's own transactions before this one in
 *                                          processing order (at most MAX_EVENTS_PER_CARD), and this one;
 *                                          a redelivery is recomputed as of its first place, so it
 *                                          gets the values of the first time
 *   terminal windows  [t - d - w, t - d)   exact, shifted back by `delay` d: terminal activity and
 *                                          fraud labels are only trusted once they are d old, which
 *                                          also makes them independent of partition skew below d
 *   fraud risk        frauds/transactions over the terminal window, counting only labels whose
 *                     label_time <= t (no leakage in replays)
 */
export const WINDOWS = { "1h": 3_600_000, "1d": 86_400_000, "7d": 604_800_000, "30d": 2_592_000_000 } as const;
export type WindowName = keyof typeof WINDOWS;

export type FeatureDeclaration =
  | { entity: "txn"; input: "amount"; op: "value" }
  | { entity: "txn"; input: "time"; op: "hour_of_day" | "is_weekend" | "is_night" }
  | { entity: "card"; input: "amount"; op: "count" | "sum" | "avg" | "max"; window: WindowName }
  | { entity: "card"; input: "amount"; op: "ratio_to_avg"; window: WindowName }
  | { entity: "card"; input: "time"; op: "seconds_since_prev" }
  | { entity: "terminal"; input: "tx"; op: "count"; window: WindowName; delay: WindowName }
  | { entity: "terminal"; input: "fraud"; op: "risk"; window: WindowName; delay: WindowName };

const CARD_WINDOWS: WindowName[] = ["1h", "1d", "7d", "30d"];
const TERMINAL_WINDOWS: WindowName[] = ["1d", "7d", "30d"];
const TERMINAL_DELAY: WindowName = "7d";

export const DECLARATIONS: readonly FeatureDeclaration[] = Object.freeze([
  { entity: "txn", input: "amount", op: "value" },
  ...CARD_WINDOWS.flatMap((window) =>
    (["count", "sum", "avg", "max"] as const).map((op) => ({ entity: "card", input: "amount", op, window }) as const),
  ),
  ...(["1d", "7d", "30d"] as const).map(
    (window) => ({ entity: "card", input: "amount", op: "ratio_to_avg", window }) as const,
  ),
  { entity: "card", input: "time", op: "seconds_since_prev" },
  ...TERMINAL_WINDOWS.map(
    (window) => ({ entity: "terminal", input: "tx", op: "count", window, delay: TERMINAL_DELAY }) as const,
  ),
  ...TERMINAL_WINDOWS.map(
    (window) => ({ entity: "terminal", input: "fraud", op: "risk", window, delay: TERMINAL_DELAY }) as const,
  ),
  { entity: "txn", input: "time", op: "hour_of_day" },
  { entity: "txn", input: "time", op: "is_weekend" },
  { entity: "txn", input: "time", op: "is_night" },
]);

export function featureName(d: FeatureDeclaration): string {
  return "window" in d ? `${d.entity}_${d.input}_${d.op}_${d.window}` : `${d.entity}_${d.input}_${d.op}`;
}

/** A sentence an analyst can read, derived from the declaration like the name. */
export function describe(d: FeatureDeclaration): string {
  switch (d.op) {
    case "value":
      return "amount of this transaction (minor units)";
    case "hour_of_day":
      return "hour of day of the event (UTC)";
    case "is_weekend":
      return "1 if the event is on a Saturday or Sunday (UTC)";
    case "is_night":
      return "1 if the event is between 22:00 and 06:00 (UTC)";
    case "seconds_since_prev":
      return "seconds since the card's previous transaction (-1 if none)";
    case "ratio_to_avg":
      return `this amount divided by the card's average amount over the last ${d.window}`;
    case "risk":
      return `share of the terminal's transactions in the ${d.window} ending ${d.delay} ago that were reported as fraud`;
    case "count":
      return d.entity === "card"
        ? `card's transactions in the last ${d.window}`
        : `terminal's transactions in the ${d.window} ending ${d.delay} ago`;
    default:
      return `${d.op} of the card's amounts over the last ${d.window}`;
  }
}
