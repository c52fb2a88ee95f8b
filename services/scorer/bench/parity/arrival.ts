/**
 * The order in which the scorer saw each card's transactions, and which of them it saw
 * "too early". A card's transactions share a partition, so the scorer reads them in
 * that partition's offset order; offline they are taken in event-time order. A
 * transaction that reached Kafka before an earlier-in-time transaction of its card was
 * scored without that one in its card windows: its online features legitimately differ
 * from the offline row, and the cause is the order of the input, not the scorer.
 */
export interface Arrival {
  transaction_id: string;
  card_token: string;
  event_time: number;
}

/**
 * Ids of the transactions overtaken in this sense: some transaction of the same card
 * with a smaller event_time arrived after them. `arrivals` is in partition offset order
 * (any interleaving of partitions: only the relative order within a card matters).
 */
export function scoredBeforeTheirPast(arrivals: readonly Arrival[]): Set<string> {
  const laterMin = new Map<string, number>();
  const early = new Set<string>();
  for (let i = arrivals.length - 1; i >= 0; i--) {
    const a = arrivals[i]!;
    const min = laterMin.get(a.card_token);
    if (min !== undefined && min < a.event_time) early.add(a.transaction_id);
    if (min === undefined || a.event_time < min) laterMin.set(a.card_token, a.event_time);
  }
  return early;
}

export interface Scored {
  transaction_id: string;
  terminal_id: string;
  event_time: number;
  /**
   * Wall clock just after the batch's features were computed. With several partitions
   * scored concurrently (SCORER_PARTITIONS_CONCURRENCY), two batches in flight together
   * may be ordered either way, so the set below is a diagnosis, never a verdict.
   */
  scored_at: number;
}

/**
 * Ids of the transactions scored while part of their terminal's window was still
 * unrecorded: a transaction of the same terminal with event_time in [t - d - w, t - d)
 * (d = delay, w = widest terminal window) was scored after them. This is partition
 * skew: a terminal's transactions come from many cards, hence many partitions, and a
 * scorer working through a backlog can be days of event time ahead on one partition.
 * Quadratic per terminal, which is fine at the sizes a parity run uses.
 */
export function scoredBeforeTerminalPast(decisions: readonly Scored[], delayMs: number, widestMs: number): Set<string> {
  const byTerminal = new Map<string, Scored[]>();
  for (const d of decisions) {
    const list = byTerminal.get(d.terminal_id);
    if (list) list.push(d);
    else byTerminal.set(d.terminal_id, [d]);
  }
  const early = new Set<string>();
  for (const list of byTerminal.values()) {
    for (const x of list) {
      const from = x.event_time - delayMs - widestMs;
      const to = x.event_time - delayMs;
      if (list.some((y) => y.scored_at > x.scored_at && y.event_time >= from && y.event_time < to)) {
        early.add(x.transaction_id);
      }
    }
  }
  return early;
}
