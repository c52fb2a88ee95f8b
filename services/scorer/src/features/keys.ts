/**
 * Every Redis key the feature store writes is named here, under one configurable prefix,
 * so pipelines can share a Redis and tests can use a random prefix.
 *
 * Redis Cluster: every key carries a hash tag naming its entity, so every script touches
 * exactly one slot (all of a terminal's keys share `{t:<terminal fingerprint>}`).
 * Transaction, terminal and label ids appear only as fingerprints (never raw: a hostile id
 * could be a card number, and a fingerprint is shorter).
 *
 *   <prefix>{c:<card token>}             string  packed card history (card-history.ts)
 *   <prefix>{t:<terminal fp>}:n          string  ring of 64 (day index, events that day) slots
 *   <prefix>{t:<terminal fp>}:d:<day>    zset    txn fingerprint -> event time (one per day)
 *   <prefix>{t:<terminal fp>}:fr         zset    fraud txn fingerprint -> event time
 *   <prefix>{t:<terminal fp>}:rp         hash    fraud txn fingerprint -> earliest report time
 *   <prefix>{x:<txid fingerprint>}       string  txn index entry (txn-entry.ts) or parked label
 *   <prefix>{l:<label id fingerprint>}   string label seen marker
 *   <prefix>{pending}                    zset    txid fingerprint -> wall-clock ms parked
 *   <prefix>{align:<group>}              hash    "<topic>:<partition>" -> "<low watermark>|<idle>"
 *                                                (consume/watermark-board.ts: event-time alignment)
 */
export interface KeySpace {
  card(cardToken: string): string;
  terminalDayCounts(terminalFingerprint: string): string;
  terminalDay(terminalFingerprint: string, day: number): string;
  terminalFrauds(terminalFingerprint: string): string;
  terminalReports(terminalFingerprint: string): string;
  txn(txidFingerprint: string): string;
  labelSeen(labelIdFingerprint: string): string;
  pendingIndex(): string;
  /** The event-time alignment board of one consumer group. */
  alignment(groupId: string): string;
}

export function keySpace(prefix: string): KeySpace {
  if (/[{}]/.test(prefix)) {
    // A brace in the prefix would become every key's hash tag: one slot for everything.
    throw new Error(`the Redis key prefix "${prefix}" must not contain { or } (they are hash tags)`);
  }
  const terminal = (id: string, what: string) => `${prefix}{t:${id}}:${what}`;
  return {
    card: (token) => `${prefix}{c:${token}}`,
    terminalDayCounts: (id) => terminal(id, "n"),
    terminalDay: (id, day) => terminal(id, `d:${day}`),
    terminalFrauds: (id) => terminal(id, "fr"),
    terminalReports: (id) => terminal(id, "rp"),
    txn: (fp) => `${prefix}{x:${fp}}`,
    labelSeen: (fp) => `${prefix}{l:${fp}}`,
    pendingIndex: () => `${prefix}{pending}`,
    alignment: (groupId) => `${prefix}{align:${groupId}}`,
  };
}
