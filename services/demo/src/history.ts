import type { Codecs } from "@fraud/contracts";
import {
  chargebackFor,
  createKafkaPublisher,
  createRng,
  createSimulator,
  DEFAULT_CHARGEBACKS,
  interleaveLabels,
  type PopulationParams,
  pump,
  type SimEvent,
  type Simulator,
  simParams,
  type Timed,
  timedToKafka,
} from "@fraud/traffic";
import type { Kafka } from "kafkajs";
import type { Ledger } from "./watch.js";

const DAY_MS = 86_400_000;

/**
 * Warm-up history: `days` simulated days ending at `end`, with their chargebacks, from
 * the same seed and population parameters as the live phase. @fraud/traffic builds the
 * population from (seed, params) deterministically, so both phases see the same cards
 * and terminals (the caller checks the tokens match); it cannot hand one simulator's
 * population to another, so the live phase restarts the simulator's random streams.
 * Transaction ids are renamed per phase and run (`<tag>_<id>`): both phases' simulators
 * number from zero, and the scorer treats a repeated id as a redelivery.
 */
export function historySimulator(seed: number, population: Partial<PopulationParams>, days: number, end: number) {
  const start = Math.floor(end / DAY_MS) * DAY_MS - days * DAY_MS;
  return createSimulator(simParams({ seed, start, population }));
}

export function renamed(e: SimEvent, tag: string): SimEvent {
  const transaction_id = `${tag}_${e.tx.transaction_id}`;
  return { ...e, tx: { ...e.tx, transaction_id }, truth: { ...e.truth, transaction_id } };
}

/** The history as one time-ordered stream of transactions and chargebacks, cut at `end` (later ones have not happened yet). */
export function* historyItems(sim: Simulator, days: number, end: number, tag: string, seed: number): Generator<Timed> {
  const labelRng = createRng(seed).fork("chargebacks");
  const events = (function* () {
    // days + 1: the history starts at a midnight and ends now, part-way through a day.
    for (const e of sim.days(days + 1)) {
      if (e.tx.event_time >= end) return;
      yield renamed(e, tag);
    }
  })();
  yield* interleaveLabels(events, (e) => chargebackFor(e, DEFAULT_CHARGEBACKS, labelRng), false);
}

export interface HistoryProgress {
  /** Event time reached so far, epoch ms. */
  reached: number;
  labels: number;
}

/** Publishes the history as fast as the producer allows; `stopping()` ends it early (Ctrl-C). */
export async function publishHistory(o: {
  kafka: Kafka;
  codecs: Codecs;
  topics: { transactions: string; labels: string };
  items: Iterable<Timed>;
  ledger: Ledger;
  progress: HistoryProgress;
  stopping: () => boolean;
  now: () => number;
}): Promise<void> {
  const publisher = await createKafkaPublisher({ kafka: o.kafka, codecs: o.codecs, topics: o.topics });
  const sink = timedToKafka(publisher);
  const recorded = (function* () {
    for (const item of o.items) {
      if (o.stopping()) return;
      if (item.kind === "transaction") {
        const e = item.event;
        o.ledger.recordSent(e.tx.transaction_id, "history", e.truth.is_fraud, o.now());
        o.progress.reached = e.tx.event_time;
      } else o.progress.labels++;
      yield item;
    }
  })();
  try {
    await pump(recorded, [sink]);
  } finally {
    await sink.close();
  }
}
