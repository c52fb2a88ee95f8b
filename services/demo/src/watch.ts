import { randomUUID } from "node:crypto";
import type { Alert, Codecs, Decision } from "@fraud/contracts";
import type { ScoredRow } from "@fraud/traffic";
import type { Kafka } from "kafkajs";
import type { AlertLine } from "./view.js";

export type RunPhase = "history" | "live";

/**
 * What the demo knows about each transaction it produced (phase, ground truth, produce
 * time), and what it has read back. Decisions and alerts are keyed by transaction id
 * and a redelivery can publish one twice, so both are counted once per id.
 */
export class Ledger {
  private readonly sent = new Map<string, { phase: RunPhase; isFraud: boolean; at: number }>();
  readonly rows = { history: new Map<string, ScoredRow>(), live: new Map<string, ScoredRow>() };
  readonly produced = { history: 0, live: 0 };
  /** Read-back time of the last decision per phase, epoch ms. */
  readonly lastDecisionAt = { history: 0, live: 0 };
  readonly latenciesMs: number[] = [];
  readonly latest: AlertLine[] = [];
  private readonly alerted = new Set<string>();
  /** Decisions for ids this run never produced (standard topics shared with others). */
  foreign = 0;

  constructor(private readonly keepLatest = 8) {}

  get scored(): number {
    return this.rows.history.size + this.rows.live.size;
  }
  get alerts(): number {
    return this.alerted.size;
  }

  recordSent(id: string, phase: RunPhase, isFraud: boolean, at: number): void {
    this.sent.set(id, { phase, isFraud, at });
    this.produced[phase]++;
  }

  recordDecision(d: Decision, at: number): void {
    const s = this.sent.get(d.transaction_id);
    if (!s) {
      this.foreign++;
      return;
    }
    const rows = this.rows[s.phase];
    if (!rows.has(d.transaction_id) && s.phase === "live") this.latenciesMs.push(at - s.at);
    rows.set(d.transaction_id, {
      transactionId: d.transaction_id,
      cardToken: d.card_token,
      eventTime: d.event_time,
      score: d.score,
      flagged: d.decision !== "approve",
      isFraud: s.isFraud,
    });
    this.lastDecisionAt[s.phase] = at;
  }

  recordAlert(a: Alert): void {
    if (!this.sent.has(a.transaction_id) || this.alerted.has(a.transaction_id)) return;
    this.alerted.add(a.transaction_id);
    this.latest.unshift({
      transactionId: a.transaction_id,
      eventTime: a.event_time,
      cardToken: a.card_token,
      amountMinor: a.amount_minor,
      currency: a.currency,
      score: a.score,
      decision: a.decision,
      reasons: a.reasons
        .slice(0, 2)
        .map((r) => ({ feature: r.feature, value: r.value, contribution: r.contribution, detail: r.detail })),
    });
    if (this.latest.length > this.keepLatest) this.latest.length = this.keepLatest;
  }

  /** Transactions produced but not decided yet. */
  pending(): number {
    return this.produced.history + this.produced.live - this.scored;
  }
}

export interface Watcher {
  badRecords: number;
  stop(): Promise<void>;
}

/**
 * Tails the decisions and alerts topics into the ledger, read_committed so records of
 * aborted scorer transactions never count. A throwaway group, deleted at the end.
 */
export async function watch(o: {
  kafka: Kafka;
  codecs: Codecs;
  topics: { decisions: string; alerts: string };
  ledger: Ledger;
  fromBeginning: boolean;
  now: () => number;
}): Promise<Watcher> {
  const groupId = `demo-watch-${randomUUID()}`;
  const consumer = o.kafka.consumer({ groupId, readUncommitted: false, maxWaitTimeInMs: 100 });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  const w: Watcher = {
    badRecords: 0,
    async stop() {
      await consumer.disconnect();
      const admin = o.kafka.admin();
      await admin.connect();
      await admin.deleteGroups([groupId]).catch(() => undefined);
      await admin.disconnect();
    },
  };
  await consumer.connect();
  await consumer.subscribe({ topics: [o.topics.decisions, o.topics.alerts], fromBeginning: o.fromBeginning });
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      const at = o.now();
      const isDecision = batch.topic === o.topics.decisions;
      for (const m of batch.messages) {
        try {
          if (isDecision) o.ledger.recordDecision(o.codecs.decision.decode(m.value), at);
          else o.ledger.recordAlert(o.codecs.alert.decode(m.value));
        } catch {
          w.badRecords++;
        }
      }
    },
  });
  // Only then is a "latest" start position fixed; producing earlier could skip decisions.
  await joined;
  return w;
}
