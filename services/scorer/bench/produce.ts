import type { Codecs, Transaction } from "@fraud/contracts";
import { DEFAULT_POPULATION, simulateDays } from "@fraud/traffic";
import { type Kafka, Partitioners } from "kafkajs";

const DAY_MS = 86_400_000;
const CHUNK = 2000;

/**
 * The first `n` transactions of a simulated population, ending before today so every
 * event time is in the past (as a replayed backlog would be). The simulator's ids carry
 * the seed, so a different seed never collides with this backlog's decisions.
 */
export function simulatedBacklog(n: number, now: number, seed: number): Transaction[] {
  const perDay = DEFAULT_POPULATION.cards * DEFAULT_POPULATION.meanTxPerDay;
  const days = Math.ceil((n * 1.2) / perDay) + 1;
  const start = Math.floor(now / DAY_MS) * DAY_MS - days * DAY_MS;
  const out: Transaction[] = [];
  for (const e of simulateDays({ seed, start, days }).events) {
    out.push(e.tx);
    if (out.length === n) break;
  }
  if (out.length < n) throw new Error(`simulator produced ${out.length} of ${n} transactions`);
  return out;
}

/** Produces Avro transactions keyed by card token, one request in flight (keeps per-card order). */
export async function produceBacklog(kafka: Kafka, topic: string, txs: readonly Transaction[], codecs: Codecs) {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true });
  await producer.connect();
  try {
    for (let i = 0; i < txs.length; i += CHUNK) {
      const messages = txs
        .slice(i, i + CHUNK)
        .map((tx) => ({ key: tx.card_token, value: codecs.transaction.encode(tx) }));
      await producer.send({ topic, messages });
    }
  } finally {
    await producer.disconnect();
  }
}
