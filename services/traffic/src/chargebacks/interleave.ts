import type { SimEvent } from "../simulate/model.js";
import type { LabelEvent } from "./feed.js";

export type Timed = { kind: "transaction"; event: SimEvent } | { kind: "label"; event: LabelEvent };

/**
 * Merges the simulator's transactions with the chargebacks they cause, in time order.
 * A label is always later than its transaction, so it can wait in a min-heap until the
 * transaction stream passes its time; at the end, labels due after the last
 * transaction follow (`flushTail` false drops them, e.g. for a bounded live run).
 * Ties: the transaction comes first.
 */
export function* interleaveLabels(
  events: Iterable<SimEvent>,
  labelOf: (e: SimEvent) => LabelEvent | undefined,
  flushTail = true,
): Generator<Timed> {
  const heap = new LabelHeap();
  for (const event of events) {
    while (heap.size > 0 && heap.peek()!.label.label_time < event.tx.event_time)
      yield { kind: "label", event: heap.pop()! };
    yield { kind: "transaction", event };
    const label = labelOf(event);
    if (label) heap.push(label);
  }
  if (flushTail) while (heap.size > 0) yield { kind: "label", event: heap.pop()! };
}

function before(a: LabelEvent, b: LabelEvent): boolean {
  return (
    a.label.label_time < b.label.label_time ||
    (a.label.label_time === b.label.label_time && a.label.label_id < b.label.label_id)
  );
}

export class LabelHeap {
  private items: LabelEvent[] = [];
  get size(): number {
    return this.items.length;
  }
  peek(): LabelEvent | undefined {
    return this.items[0];
  }
  push(x: LabelEvent): void {
    const a = this.items;
    a.push(x);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(a[i]!, a[parent]!)) break;
      [a[i], a[parent]] = [a[parent]!, a[i]!];
      i = parent;
    }
  }
  pop(): LabelEvent | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && before(a[l]!, a[m]!)) m = l;
        if (r < a.length && before(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}
