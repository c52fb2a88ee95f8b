import type { AlertView, DecisionView, LabelView } from "./records.js";

/**
 * The console's memory of the streams, built by consuming `alerts`, `decisions` and
 * `labels`. Bounded: at most `maxAlerts` alerts and `maxDecisions` decisions are kept
 * (oldest by arrival evicted first), each card keeps the ids of its last `perCard`
 * decisions, and labels are kept for at most `maxDecisions` transactions. Measured on a
 * demo run (76 k decisions, 694 alerts, 31 features each): about 3 KB per decision on
 * top of a ~120 MB process, so the defaults (50 000 decisions, 20 000 alerts) bound the
 * console near 300 MB. Everything older is still on the topics and in the scorer's store.
 */
export interface IndexLimits {
  maxAlerts: number;
  maxDecisions: number;
  perCard: number;
}

export const DEFAULT_LIMITS: IndexLimits = Object.freeze({ maxAlerts: 20_000, maxDecisions: 50_000, perCard: 50 });

export interface TerminalRate {
  transactions: number;
  frauds: number;
  /** frauds / transactions among the terminal's indexed decisions; NaN with none. */
  rate: number;
}

type Listener = (alert: AlertView) => void;

export class CaseIndex {
  private readonly alerts = new Map<string, AlertView>();
  private readonly decisions = new Map<string, DecisionView>();
  private readonly byCard = new Map<string, string[]>();
  private readonly labels = new Map<string, LabelView[]>();
  private readonly listeners = new Set<Listener>();

  constructor(private readonly limits: IndexLimits = DEFAULT_LIMITS) {}

  addAlert(a: AlertView): void {
    const isNew = !this.alerts.has(a.transaction_id);
    this.alerts.set(a.transaction_id, a);
    evict(this.alerts, this.limits.maxAlerts);
    if (isNew) for (const l of this.listeners) l(a);
  }

  addDecision(d: DecisionView): void {
    this.decisions.set(d.transaction_id, d);
    const ids = this.byCard.get(d.card_token) ?? [];
    if (!ids.includes(d.transaction_id)) ids.push(d.transaction_id);
    if (ids.length > this.limits.perCard) ids.splice(0, ids.length - this.limits.perCard);
    this.byCard.set(d.card_token, ids);
    if (this.decisions.size > this.limits.maxDecisions) {
      const oldest = this.decisions.keys().next().value as string;
      const gone = this.decisions.get(oldest);
      this.decisions.delete(oldest);
      if (gone) this.dropFromCard(gone.card_token, oldest);
      this.labels.delete(oldest);
    }
    evict(this.byCard, this.limits.maxDecisions);
  }

  addLabel(l: LabelView): void {
    const list = this.labels.get(l.transaction_id) ?? [];
    if (!list.some((x) => x.label_id === l.label_id)) list.push(l);
    this.labels.set(l.transaction_id, list);
    evict(this.labels, this.limits.maxDecisions);
  }

  onAlert(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  alert(txid: string): AlertView | undefined {
    return this.alerts.get(txid);
  }

  decision(txid: string): DecisionView | undefined {
    return this.decisions.get(txid);
  }

  labelsOf(txid: string): LabelView[] {
    return this.labels.get(txid) ?? [];
  }

  allAlerts(): AlertView[] {
    return [...this.alerts.values()];
  }

  /** The card's indexed decisions, newest event first. */
  cardHistory(card: string, limit = 20): DecisionView[] {
    const ids = this.byCard.get(card) ?? [];
    return ids
      .map((id) => this.decisions.get(id))
      .filter((d): d is DecisionView => d !== undefined)
      .sort((a, b) => b.event_time - a.event_time)
      .slice(0, limit);
  }

  /** Alerts of a card that have no decision indexed (yet), for lookups by card. */
  alertsOfCard(card: string): AlertView[] {
    return this.allAlerts().filter((a) => a.card_token === card);
  }

  /** Fraud rate among the terminal's indexed decisions with event time in [since, until). */
  terminalRate(terminal: string, since: number, until: number): TerminalRate {
    let transactions = 0;
    let frauds = 0;
    for (const d of this.decisions.values()) {
      if (d.terminal_id !== terminal || d.event_time < since || d.event_time >= until) continue;
      transactions++;
      if (isFraud(this.labelsOf(d.transaction_id))) frauds++;
    }
    return { transactions, frauds, rate: transactions === 0 ? Number.NaN : frauds / transactions };
  }

  size(): { alerts: number; decisions: number; labels: number } {
    return { alerts: this.alerts.size, decisions: this.decisions.size, labels: this.labels.size };
  }

  private dropFromCard(card: string, txid: string): void {
    const ids = this.byCard.get(card);
    if (!ids) return;
    const i = ids.indexOf(txid);
    if (i >= 0) ids.splice(i, 1);
    if (ids.length === 0) this.byCard.delete(card);
  }
}

/** The latest label decides: an analyst's "not fraud" after a chargeback still counts. */
export function isFraud(labels: readonly LabelView[]): boolean {
  const latest = [...labels].sort((a, b) => a.label_time - b.label_time).at(-1);
  return latest?.is_fraud === true;
}

function evict<V>(m: Map<string, V>, max: number): void {
  while (m.size > max) m.delete(m.keys().next().value as string);
}
