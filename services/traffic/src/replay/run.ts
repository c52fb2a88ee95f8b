import type { Clock } from "@fraud/platform";
import type { Publisher } from "../sinks/outgoing.js";
import type { ReplayItem } from "./merge.js";
import { createPacer } from "./pace.js";

export interface ReplayOptions {
  /** Records per second; undefined = as fast as possible. */
  rate?: number;
  /** Stop after this many records (transactions and labels together). */
  limit?: number;
  clock: Clock;
  sleep: (ms: number) => Promise<unknown>;
  onProgress?: (published: number) => void;
  /** Stop early (SIGINT). */
  stopped?: () => boolean;
}

export interface ReplayCounts {
  transactions: number;
  labels: number;
  /** Labels whose transaction was not in the replayed file: keyed by transaction id instead of card. */
  labelsWithoutTransaction: number;
}

/**
 * Publishes merged records in order. A label's key is its transaction's card token,
 * remembered from the transactions already published (a chargeback always follows its
 * payment); a label for a payment not in the file falls back to the transaction id, as
 * the label schema allows.
 */
export async function replay(
  items: AsyncIterable<ReplayItem>,
  out: Publisher,
  o: ReplayOptions,
): Promise<ReplayCounts> {
  const cardOf = new Map<string, string>();
  const counts: ReplayCounts = { transactions: 0, labels: 0, labelsWithoutTransaction: 0 };
  const pace = createPacer(o.rate, o.clock, o.sleep);
  const limit = o.limit ?? Number.POSITIVE_INFINITY;
  let sent = 0;
  for await (const item of items) {
    if (sent >= limit || o.stopped?.()) break;
    let wait: void | Promise<void>;
    if (item.kind === "transaction") {
      cardOf.set(item.tx.transaction_id, item.tx.card_token);
      wait = out.publish({ kind: "transaction", tx: item.tx });
      counts.transactions++;
    } else {
      const card = cardOf.get(item.label.transaction_id);
      if (card === undefined) counts.labelsWithoutTransaction++;
      wait = out.publish({ kind: "label", label: item.label, key: card ?? item.label.transaction_id });
      counts.labels++;
    }
    if (wait) await wait;
    sent++;
    const p = pace(sent);
    if (p) await p;
    if (o.onProgress && (sent & 255) === 0) o.onProgress(sent);
  }
  return counts;
}
