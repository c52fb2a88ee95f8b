import { HOUR_MS } from "./model.js";
import type { Rng } from "./prng.js";

// Relative activity per UTC hour: quiet at night, peaks at lunch and early evening.
const HOURLY = [1, 0.5, 0.3, 0.3, 0.3, 0.5, 1.5, 3, 5, 6, 7, 8, 9, 8, 7, 7, 8, 9, 9, 8, 6, 4, 3, 2];
const CUMULATIVE: number[] = [];
for (const w of HOURLY) CUMULATIVE.push((CUMULATIVE[CUMULATIVE.length - 1] ?? 0) + w);
const TOTAL = CUMULATIVE[CUMULATIVE.length - 1]!;

/** Milliseconds after midnight, drawn from the daily rhythm. */
export function timeOfDay(rng: Rng): number {
  const r = rng.next() * TOTAL;
  let hour = 0;
  while (CUMULATIVE[hour]! <= r) hour++;
  return Math.floor((hour + rng.next()) * HOUR_MS);
}

/** Share of the day's activity in a given hour (tests compare night and day). */
export function hourShare(hour: number): number {
  return HOURLY[hour]! / TOTAL;
}
