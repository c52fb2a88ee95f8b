import type { Label, Transaction } from "@fraud/contracts";

export interface Numbered<T> {
  line: number;
  record: T;
}

export type ReplayItem =
  | { kind: "transaction"; line: number; tx: Transaction }
  | { kind: "label"; line: number; label: Label };

export const timeOf = (i: ReplayItem): number => (i.kind === "transaction" ? i.tx.event_time : i.label.label_time);

/**
 * Merges a transactions file and a labels file, each expected in time order, into one
 * stream in time order: each label comes out at its own label_time, between the
 * transactions around it; on equal times the transaction comes first, so a label never
 * precedes the payment it is about. A record earlier than its predecessor in the same
 * file is still published where it stands (reordering would need the whole file in
 * memory) and reported through `onOutOfOrder` so it is never silent.
 */
export async function* mergeByTime(
  transactions: AsyncIterable<Numbered<Transaction>>,
  labels: AsyncIterable<Numbered<Label>> | undefined,
  onOutOfOrder: (item: ReplayItem, previous: number) => void = () => {},
): AsyncGenerator<ReplayItem> {
  const txIt = ordered(
    map(transactions, (n) => ({ kind: "transaction", line: n.line, tx: n.record }) as ReplayItem),
    onOutOfOrder,
  );
  const lbIt = labels
    ? ordered(
        map(labels, (n) => ({ kind: "label", line: n.line, label: n.record }) as ReplayItem),
        onOutOfOrder,
      )
    : undefined;
  let tx = await txIt.next();
  let lb = lbIt ? await lbIt.next() : ({ done: true, value: undefined } as IteratorResult<ReplayItem>);
  while (!tx.done || !lb.done) {
    if (!tx.done && (lb.done || timeOf(tx.value) <= timeOf(lb.value))) {
      yield tx.value;
      tx = await txIt.next();
    } else if (!lb.done) {
      yield lb.value;
      lb = await lbIt!.next();
    }
  }
}

async function* map<A, B>(src: AsyncIterable<A>, f: (a: A) => B): AsyncGenerator<B> {
  for await (const a of src) yield f(a);
}

async function* ordered(
  src: AsyncIterable<ReplayItem>,
  onOutOfOrder: (item: ReplayItem, previous: number) => void,
): AsyncGenerator<ReplayItem> {
  let last = Number.NEGATIVE_INFINITY;
  for await (const item of src) {
    const t = timeOf(item);
    if (t < last) onOutOfOrder(item, last);
    else last = t;
    yield item;
  }
}
