import type { Label, Transaction } from "@fraud/contracts";
import { computeFeatures } from "./compute.js";
import type { FeatureSet } from "./feature-set.js";
import type { FeatureStore } from "./store.js";

/**
 * Training features with the scorer's own feature code (one implementation, so online and
 * offline agree by construction; offline it runs over the memory port, no Redis). Labels
 * are applied first: each is parked on its transaction and takes effect, with its own
 * label_time, when the transaction is recorded; a fraud counts only if label_time <= the
 * scored event's time, so the result equals applying every label at its own moment in a
 * live stream. Transactions are recorded in event-time order (stable), as a replay
 * publishes them. A reused transaction id with other content is skipped, as the scorer
 * dead-letters it.
 */
export async function extractFeatures(args: {
  store: FeatureStore;
  set: FeatureSet;
  transactions: readonly Transaction[];
  labels: readonly Label[];
  batchSize?: number;
  now: number;
  onRows(txs: readonly Transaction[], values: readonly number[][]): void | Promise<void>;
}): Promise<{ rows: number; redelivered: number; conflicts: number }> {
  const size = args.batchSize ?? 500;
  for (let i = 0; i < args.labels.length; i += size) {
    await args.store.applyLabels(args.labels.slice(i, i + size), args.now);
  }
  const ordered = args.transactions
    .map((tx, i) => ({ tx, i }))
    .sort((a, b) => a.tx.event_time - b.tx.event_time || a.i - b.i)
    .map((x) => x.tx);
  let redelivered = 0;
  let conflicts = 0;
  let rows = 0;
  for (let i = 0; i < ordered.length; i += size) {
    const chunk = ordered.slice(i, i + size);
    const featured = await computeFeatures(args.store, args.set, chunk);
    const kept = chunk.filter((_, j) => !featured[j]?.conflict);
    const values = featured.flatMap((f) => (f.conflict ? [] : [f.values]));
    redelivered += featured.filter((f) => f.redelivered).length;
    conflicts += chunk.length - kept.length;
    rows += kept.length;
    await args.onRows(kept, values);
  }
  return { rows, redelivered, conflicts };
}
