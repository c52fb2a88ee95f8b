import type { Alert, Codecs, Decision } from "@fraud/contracts";
import type { Logger } from "@fraud/platform";
import type { Consumer, Kafka } from "kafkajs";

/** A decision and, for a flagged one, its alert (reasons): what the API answers with. */
export interface Reply {
  decision: Decision;
  alert?: Alert;
}

/**
 * Reads every committed decision and alert (read_committed, through the project's Kafka
 * factory, whose patch fixes kafkajs' read_committed filter) and hands each to the
 * request waiting for its transaction id. Recent replies are kept (bounded) so a
 * transaction decided earlier is answered from them: the scorer publishes one decision
 * per transaction id, so a repeat submission adds none. Each API instance has its own
 * group (it must see every decision) and starts `lookbackMs` back in time, at explicit
 * offsets, so nothing committed after it is ready can be missed.
 */
export function createReplies(
  kafka: Kafka,
  codecs: Pick<Codecs, "decision" | "alert" | "prepare">,
  options: {
    groupId: string;
    decisions: string;
    alerts: string;
    lookbackMs: number;
    cacheSize: number;
    logger: Logger;
    now: () => number;
  },
) {
  const done = new Map<string, Reply>();
  const partial = new Map<string, { decision?: Decision; alert?: Alert }>();
  const waiters = new Map<string, Set<(r: Reply) => void>>();
  let consumer: Consumer | undefined;

  const remember = (id: string, r: Reply) => {
    done.delete(id);
    done.set(id, r);
    if (done.size > options.cacheSize) done.delete(done.keys().next().value as string);
    const ws = waiters.get(id);
    waiters.delete(id);
    for (const w of ws ?? []) w(r);
  };

  const take = (id: string, part: { decision?: Decision; alert?: Alert }) => {
    const p = { ...partial.get(id), ...part };
    // Decision and alert are committed in one Kafka transaction: once both are seen (or the
    // decision says there is no alert) the reply is complete.
    if (p.decision && (p.decision.decision === "approve" || p.alert)) {
      partial.delete(id);
      remember(id, { decision: p.decision, ...(p.alert ? { alert: p.alert } : {}) });
    } else {
      partial.set(id, p);
      if (partial.size > options.cacheSize) partial.delete(partial.keys().next().value as string);
    }
  };

  return {
    async start(): Promise<void> {
      const topics = [options.decisions, options.alerts];
      const admin = kafka.admin();
      await admin.connect();
      const since = options.now() - options.lookbackMs;
      const starts = await Promise.all(topics.map((t) => admin.fetchTopicOffsetsByTimestamp(t, since)));
      await admin.disconnect();
      consumer = kafka.consumer({ groupId: options.groupId, readUncommitted: false, maxWaitTimeInMs: 20 });
      const c = consumer;
      const joined = new Promise<void>((resolve) => c.on(c.events.GROUP_JOIN, () => resolve()));
      await c.connect();
      await c.subscribe({ topics, fromBeginning: false });
      await c.run({
        autoCommit: false,
        eachBatchAutoResolve: true,
        eachBatch: async ({ batch }) => {
          await codecs.prepare(batch.messages.map((m) => m.value));
          for (const m of batch.messages) {
            try {
              if (batch.topic === options.decisions) {
                const d = codecs.decision.decode(m.value);
                take(d.transaction_id, { decision: d });
              } else {
                const a = codecs.alert.decode(m.value);
                take(a.transaction_id, { alert: a });
              }
            } catch (err) {
              options.logger.warn({ err, topic: batch.topic, offset: m.offset }, "unreadable decision record skipped");
            }
          }
        },
      });
      await joined;
      topics.forEach((topic, i) => {
        for (const p of starts[i] ?? []) c.seek({ topic, partition: p.partition, offset: p.offset });
      });
    },
    /** An earlier reply for this transaction id, if it is known. */
    known: (id: string): Reply | undefined => done.get(id),
    /** Resolves when the reply for `id` is read; `cancel` stops waiting. */
    wait(id: string): { reply: Promise<Reply>; cancel(): void } {
      let resolve!: (r: Reply) => void;
      const reply = new Promise<Reply>((r) => {
        resolve = r;
      });
      const set = waiters.get(id) ?? new Set();
      set.add(resolve);
      waiters.set(id, set);
      const ready = done.get(id);
      if (ready) resolve(ready);
      return {
        reply,
        cancel() {
          set.delete(resolve);
          if (set.size === 0 && waiters.get(id) === set) waiters.delete(id);
        },
      };
    },
    async stop(): Promise<void> {
      await consumer?.disconnect();
    },
  };
}

export type Replies = ReturnType<typeof createReplies>;
