import { describe, expect, it } from "vitest";
import { DECLARATIONS, featureName } from "../../src/features/declarations.js";
import { deriveFeatures } from "../../src/features/derive.js";
import { buildFeatureSet, FEATURE_SET } from "../../src/features/feature-set.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

// Raw layout: [prev, (count,sum,max) x card windows 1h,1d,7d,30d, (count,frauds) x terminal 1d,7d,30d]
function raw(prev: number, card: [number, number, number][], terminal: [number, number][]): number[] {
  return [prev, ...card.flat(), ...terminal.flat()];
}

const named = (values: number[]) => Object.fromEntries(FEATURE_SET.names.map((n, i) => [n, values[i]]));

describe("deriveFeatures", () => {
  it("turns raw aggregates into named features", () => {
    const t = Date.parse("2026-03-07T23:30:00.000Z"); // a Saturday night
    const values = deriveFeatures(
      FEATURE_SET,
      { event_time: t, amount_minor: 3000 },
      raw(
        t - 90_000,
        [
          [2, 4000, 3000],
          [4, 10000, 4000],
          [10, 20000, 4000],
          [40, 100000, 9000],
        ],
        [
          [8, 2],
          [50, 5],
          [0, 0],
        ],
      ),
    );
    expect(named(values)).toMatchObject({
      txn_amount_value: 3000,
      card_amount_count_1h: 2,
      card_amount_avg_1h: 2000,
      card_amount_max_30d: 9000,
      card_amount_avg_1d: 2500,
      card_amount_ratio_to_avg_1d: 1.2,
      card_amount_ratio_to_avg_30d: 1.2,
      card_time_seconds_since_prev: 90,
      terminal_tx_count_1d: 8,
      terminal_fraud_risk_1d: 0.25,
      terminal_fraud_risk_7d: 0.1,
      terminal_fraud_risk_30d: 0, // no transactions: 0, not NaN
      txn_time_hour_of_day: 23,
      txn_time_is_weekend: 1,
      txn_time_is_night: 1,
    });
  });

  it("marks a first transaction with -1 and a weekday afternoon as neither night nor weekend", () => {
    const t = Date.parse("2026-03-04T14:00:00.000Z"); // Wednesday
    const v = named(
      deriveFeatures(
        FEATURE_SET,
        { event_time: t, amount_minor: 0 },
        raw(-1, Array(4).fill([1, 0, 0]), Array(3).fill([0, 0])),
      ),
    );
    expect(v).toMatchObject({
      card_time_seconds_since_prev: -1,
      card_amount_ratio_to_avg_1d: 1,
      txn_time_is_weekend: 0,
      txn_time_is_night: 0,
      txn_time_hour_of_day: 14,
    });
  });

  it("refuses raw aggregates of the wrong shape", () => {
    expect(() => deriveFeatures(FEATURE_SET, { event_time: 0, amount_minor: 1 }, [1, 2, 3])).toThrow(/expects 19/);
  });
});

describe("feature set", () => {
  it("derives names mechanically, once each, and plans the Lua windows from the declarations", () => {
    expect(FEATURE_SET.names).toEqual(DECLARATIONS.map(featureName));
    expect(new Set(FEATURE_SET.names).size).toBe(FEATURE_SET.names.length);
    expect(FEATURE_SET.names).toContain("card_amount_avg_7d");
    expect(FEATURE_SET.cardWindows).toEqual([HOUR, DAY, 7 * DAY, 30 * DAY]);
    expect(FEATURE_SET.terminalWindows).toEqual([
      { window: DAY, delay: 7 * DAY },
      { window: 7 * DAY, delay: 7 * DAY },
      { window: 30 * DAY, delay: 7 * DAY },
    ]);
  });

  it("has a version that changes with the declarations and is stable otherwise", () => {
    expect(buildFeatureSet(DECLARATIONS).version).toBe(FEATURE_SET.version);
    expect(buildFeatureSet(DECLARATIONS.slice(0, -1)).version).not.toBe(FEATURE_SET.version);
    expect(() => buildFeatureSet([...DECLARATIONS, DECLARATIONS[0]!])).toThrow(/declared twice/);
  });
});
