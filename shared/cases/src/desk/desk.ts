import type { Codecs } from "@fraud/contracts";
import { type Clock, FraudError } from "@fraud/platform";
import type { CaseIndex, TerminalRate } from "../index/case-index.js";
import type { AlertView, DecisionView, LabelView } from "../index/records.js";
import { analystLabel, type Verdict } from "../labels/label.js";
import type { LabelSink } from "../labels/sink.js";
import type { CaseAction, CaseState, CaseStore } from "../store/case-store.js";
import type { QueueFilter } from "./filter.js";

/**
 * The analyst's desk: every query and action of the console and the CLI, in one place,
 * so `analyst label` and the Confirm button are the same code.
 */
export interface QueueRow {
  alert: AlertView;
  state: CaseState;
}

export interface QueueCounts {
  open: number;
  in_review: number;
  resolved: number;
}

export interface CaseView {
  transactionId: string;
  alert?: AlertView;
  decision?: DecisionView;
  labels: LabelView[];
  state: CaseState;
  history: CaseAction[];
  cardHistory: DecisionView[];
  terminalRate?: TerminalRate & { days: number };
}

export interface LabelResult {
  labelId: string;
  /** False when this label had already been published (double click, retry). */
  published: boolean;
  state: CaseState;
}

const RATE_DAYS = 30;

export function createDesk(d: { index: CaseIndex; store: CaseStore; sink: LabelSink; codecs: Codecs; clock: Clock }) {
  const { index, store, clock } = d;

  function cardOf(txid: string): string {
    const card = index.alert(txid)?.card_token ?? index.decision(txid)?.card_token;
    if (!card) {
      throw new FraudError("CASE_UNKNOWN_TRANSACTION", `no alert or decision for transaction ${txid} is indexed`, {
        details: { transaction_id: txid },
      });
    }
    return card;
  }

  async function queue(f: QueueFilter): Promise<{ rows: QueueRow[]; counts: QueueCounts }> {
    const now = clock.now();
    const alerts = index.allAlerts();
    const states = await store.states(alerts.map((a) => a.transaction_id));
    const counts: QueueCounts = { open: 0, in_review: 0, resolved: 0 };
    const rows: QueueRow[] = [];
    for (const alert of alerts) {
      const state = states.get(alert.transaction_id) ?? { status: "open" };
      counts[state.status]++;
      if (!matches(alert, state, f, now)) continue;
      rows.push({ alert, state });
    }
    rows.sort((a, b) =>
      f.sort === "riskiest"
        ? b.alert.score - a.alert.score || b.alert.event_time - a.alert.event_time
        : b.alert.event_time - a.alert.event_time || b.alert.score - a.alert.score,
    );
    return { rows: rows.slice(0, f.limit), counts };
  }

  async function show(txid: string): Promise<CaseView> {
    const alert = index.alert(txid);
    const decision = index.decision(txid);
    const card = alert?.card_token ?? decision?.card_token;
    const terminal = alert?.terminal_id ?? decision?.terminal_id;
    const t = alert?.event_time ?? decision?.event_time ?? clock.now();
    const [state, history] = await Promise.all([store.state(txid), store.history(txid)]);
    return {
      transactionId: txid,
      ...(alert ? { alert } : {}),
      ...(decision ? { decision } : {}),
      labels: index.labelsOf(txid),
      state,
      history,
      // Up to and including this transaction: what the analyst needs is the run-up to it.
      cardHistory: card
        ? index
            .cardHistory(card, Number.POSITIVE_INFINITY)
            .filter((x) => x.event_time <= t)
            .slice(0, 20)
        : [],
      ...(terminal
        ? { terminalRate: { ...index.terminalRate(terminal, t - RATE_DAYS * 86_400_000, t), days: RATE_DAYS } }
        : {}),
    };
  }

  /** Transactions of a card: decisions and alerts, newest first. */
  function byCard(card: string): string[] {
    const ids = new Set([
      ...index.cardHistory(card, 200).map((x) => x.transaction_id),
      ...index.alertsOfCard(card).map((a) => a.transaction_id),
    ]);
    return [...ids];
  }

  async function label(txid: string, verdict: Verdict, by: string, note?: string): Promise<LabelResult> {
    const card = cardOf(txid);
    const at = clock.now();
    const l = analystLabel(txid, verdict, at);
    const published = await store.claimLabel(l.label_id);
    if (published) {
      try {
        await d.sink.send(card, d.codecs.label.encode(l));
      } catch (e) {
        await store.releaseLabel(l.label_id).catch(() => undefined);
        throw e;
      }
    }
    const state = await store.record(txid, {
      kind: verdict === "fraud" ? "label_fraud" : "label_legit",
      by,
      at,
      label_id: l.label_id,
      published,
      ...(note ? { note } : {}),
    });
    return { labelId: l.label_id, published, state };
  }

  async function assign(txid: string, by: string): Promise<CaseState> {
    cardOf(txid);
    return store.record(txid, { kind: "assign", by, at: clock.now() });
  }

  async function resolve(txid: string, by: string, note?: string): Promise<CaseState> {
    cardOf(txid);
    return store.record(txid, { kind: "resolve", by, at: clock.now(), ...(note ? { note } : {}) });
  }

  return { queue, show, byCard, label, assign, resolve, index };
}

export type Desk = ReturnType<typeof createDesk>;

/** The reason's stable identifier: its code when the alert carries one (v2+; "" when written as v1), else its feature. */
export const reasonCode = (r: { feature: string; code?: string }): string => r.code || r.feature;

export function matches(a: AlertView, s: CaseState, f: QueueFilter, now: number): boolean {
  if (f.status === "active" && s.status === "resolved") return false;
  if (f.status !== "all" && f.status !== "active" && s.status !== f.status) return false;
  if (f.verdict !== undefined && a.decision !== f.verdict) return false;
  if (f.minScore !== undefined && !(a.score >= f.minScore)) return false;
  if (f.maxScore !== undefined && !(a.score <= f.maxScore)) return false;
  if (f.minAmount !== undefined && !(a.amount_minor >= f.minAmount)) return false;
  if (f.maxAmount !== undefined && !(a.amount_minor <= f.maxAmount)) return false;
  if (f.terminal !== undefined && a.terminal_id !== f.terminal) return false;
  if (f.reason !== undefined && !a.reasons.some((r) => reasonCode(r) === f.reason)) return false;
  if (f.maxAgeMs !== undefined && now - a.scored_at > f.maxAgeMs) return false;
  return true;
}
