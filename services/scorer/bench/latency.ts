import type { Codecs } from "@fraud/contracts";
import { systemClock } from "@fraud/platform";
import { createLiveTraffic } from "@fraud/traffic";
import { type Kafka, Partitioners } from "kafkajs";
import type { Watcher } from "./watch.js";

export interface LatencyFigures {
  offered: number;
  /** Transactions actually sent per second of the load window. */
  achievedRate: number;
  /** Decisions seen for sent transactions; missing = offered - matched. */
  matched: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/**
 * Offers live traffic at a fixed rate and measures, per transaction, the time from just
 * before its produce call to the moment its decision (keyed by transaction id) is
 * visible to a read_committed reader. The producer keeps one request in flight; if a
 * request is slow, the next poll sends everything that fell due meanwhile, so the
 * offered rate holds instead of the benchmark slowing down with the system under test.
 */
export async function offerLoad(
  kafka: Kafka,
  codecs: Codecs,
  o: { topic: string; rate: number; seconds: number; seed: number; decisions: Watcher; drainMs: number },
): Promise<LatencyFigures> {
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  o.decisions.listen((keys, at) => {
    for (const k of keys) {
      const t = sentAt.get(k);
      if (t === undefined) continue;
      latencies.push(at - t);
      sentAt.delete(k);
    }
  });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true });
  await producer.connect();
  let offered = 0;
  const t0 = Date.now();
  try {
    const live = createLiveTraffic({ seed: o.seed, rate: o.rate, clock: systemClock });
    while (Date.now() - t0 < o.seconds * 1000) {
      const due = live.poll().transactions;
      if (due.length > 0) {
        const now = Date.now();
        for (const e of due) sentAt.set(e.tx.transaction_id, now);
        offered += due.length;
        await producer.send({
          topic: o.topic,
          messages: due.map((e) => ({ key: e.tx.card_token, value: codecs.transaction.encode(e.tx) })),
        });
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    const loadSeconds = (Date.now() - t0) / 1000;
    const deadline = Date.now() + o.drainMs;
    while (sentAt.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    return summarize(latencies, offered, offered / loadSeconds);
  } finally {
    o.decisions.listen(undefined);
    await producer.disconnect();
  }
}

export function summarize(latenciesMs: number[], offered: number, achievedRate: number): LatencyFigures {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  // Nearest-rank percentile: an observed value, never an interpolation.
  const pct = (q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
  return {
    offered,
    achievedRate,
    matched: sorted.length,
    p50: pct(0.5),
    p95: pct(0.95),
    p99: pct(0.99),
    max: sorted.at(-1) ?? Number.NaN,
  };
}
