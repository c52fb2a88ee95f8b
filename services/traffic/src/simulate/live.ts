import type { Clock } from "@fraud/platform";
import { type ChargebackParams, DEFAULT_CHARGEBACKS } from "../chargebacks/delay.js";
import { chargebackFor, type LabelEvent } from "../chargebacks/feed.js";
import { LabelHeap } from "../chargebacks/interleave.js";
import { DAY_MS, type Population, type SimEvent } from "./model.js";
import type { PopulationParams } from "./population.js";
import { createRng } from "./prng.js";
import { createSimulator, type SimParams, simParams } from "./simulator.js";

export interface LiveOptions {
  seed: number;
  /** Transactions per second. */
  rate: number;
  clock: Clock;
  population?: Partial<PopulationParams>;
  fraudRate?: number;
  mix?: SimParams["mix"];
  chargebacks?: Partial<ChargebackParams>;
  /**
   * Multiplies the (already compressed) chargeback delays. 1 keeps labels in step with the
   * transactions' time compression; a demo of a few minutes may want 0.1 to see labels early.
   */
  labelDelayScale?: number;
}

export interface LiveBatch {
  transactions: SimEvent[];
  labels: LabelEvent[];
}

export interface LiveTraffic {
  readonly population: Population;
  /** Simulated time per real time: a day of the population's traffic is replayed in DAY / speedup. */
  readonly speedup: number;
  /** Everything due since the last poll, by the injected clock. Call as often as you like. */
  poll(): LiveBatch;
  readonly emitted: { transactions: number; labels: number };
}

/**
 * Live traffic at a fixed rate. The population's natural rate is far below a demo's
 * hundreds of events per second, so the fast-forward stream is replayed with its time
 * compressed by `speedup`: bursts stay bursts and chargeback delays shrink by the same
 * factor, keeping the story the scenarios tell. Transaction i is due at
 * start + i / rate; its event_time is that due time (never later than clock.now()),
 * so event times are spread evenly rather than stacked on each poll's instant.
 */
export function createLiveTraffic(o: LiveOptions): LiveTraffic {
  const t0 = o.clock.now();
  const params = simParams({
    seed: o.seed,
    start: Math.floor(t0 / DAY_MS) * DAY_MS,
    ...(o.population ? { population: o.population } : {}),
    ...(o.fraudRate === undefined ? {} : { fraudRate: o.fraudRate }),
    ...(o.mix ? { mix: o.mix } : {}),
  });
  const sim = createSimulator(params);
  const events = sim.days(Number.POSITIVE_INFINITY);
  const cb = { ...DEFAULT_CHARGEBACKS, ...o.chargebacks };
  const labelRng = createRng(o.seed).fork("chargebacks");
  const perDay = sim.population.cards.reduce((s, c) => s + c.txPerDay, 0) / (1 - params.fraudRate);
  const speedup = (o.rate * DAY_MS) / 1000 / Math.max(1e-9, perDay);
  const heap = new LabelHeap();
  const emitted = { transactions: 0, labels: 0 };

  function poll(): LiveBatch {
    const now = o.clock.now();
    const due = Math.floor(((now - t0) * o.rate) / 1000);
    const transactions: SimEvent[] = [];
    while (emitted.transactions < due) {
      const next = events.next();
      if (next.done) break;
      const at = t0 + Math.floor((emitted.transactions * 1000) / o.rate);
      const e: SimEvent = { ...next.value, tx: { ...next.value.tx, event_time: at } };
      transactions.push(e);
      emitted.transactions++;
      const label = chargebackFor(e, cb, labelRng);
      if (label) {
        const delay = ((label.label.label_time - e.tx.event_time) / speedup) * (o.labelDelayScale ?? 1);
        heap.push({ ...label, label: { ...label.label, label_time: at + Math.max(1, Math.round(delay)) } });
      }
    }
    const labels: LabelEvent[] = [];
    while (heap.size > 0 && heap.peek()!.label.label_time <= now) labels.push(heap.pop()!);
    emitted.labels += labels.length;
    return { transactions, labels };
  }

  return { population: sim.population, speedup, poll, emitted };
}
