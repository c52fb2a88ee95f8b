import { setTimeout as sleep } from "node:timers/promises";
import type { Codecs } from "@fraud/contracts";
import type { Clock } from "@fraud/platform";
import { createLiveTraffic, type PopulationParams } from "@fraud/traffic";
import { type Kafka, Partitioners } from "kafkajs";
import { renamed } from "./history.js";
import type { Ledger } from "./watch.js";

/**
 * Live phase: simulated traffic at `rate` with event time = now, Avro, keyed by card
 * token, each poll's transactions sent at once (a latency demo must not sit on a
 * 500-record batch). Its chargebacks are dropped: they would arrive days later.
 * Produce time for the latency figure is taken just before the send.
 */
export async function runLive(o: {
  kafka: Kafka;
  codecs: Codecs;
  topic: string;
  seed: number;
  rate: number;
  durationMs: number;
  population: Partial<PopulationParams>;
  tag: string;
  clock: Clock;
  ledger: Ledger;
  stopping: () => boolean;
  /** Called once the traffic exists, with its population's card tokens (to compare with the history's). */
  onPopulation?: (cardTokens: string[]) => void;
}): Promise<void> {
  const producer = o.kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  try {
    const traffic = createLiveTraffic({ seed: o.seed, rate: o.rate, clock: o.clock, population: o.population });
    o.onPopulation?.(traffic.population.cards.map((c) => c.token));
    const end = o.clock.now() + o.durationMs;
    while (!o.stopping() && o.clock.now() < end) {
      const events = traffic.poll().transactions.map((e) => renamed(e, o.tag));
      if (events.length > 0) {
        const at = o.clock.now();
        for (const e of events) o.ledger.recordSent(e.tx.transaction_id, "live", e.truth.is_fraud, at);
        await producer.send({
          topic: o.topic,
          acks: -1,
          messages: events.map((e) => ({ key: e.tx.card_token, value: o.codecs.transaction.encode(e.tx) })),
        });
      }
      await sleep(Math.min(20, Math.max(0, end - o.clock.now())));
    }
  } finally {
    await producer.disconnect();
  }
}
