/**
 * Every Redis key the scorer writes is named here, under one configurable prefix, so
 * pipelines can share a Redis and tests can use a random prefix. The Lua scripts receive
 * keys through KEYS, or (applyLabel) a template built here.
 */
export interface KeySpace {
  txn(transactionId: string): string;
  cardEvents(cardToken: string): string;
  terminalEvents(terminalId: string): string;
  terminalFrauds(terminalId: string): string;
  terminalReports(terminalId: string): string;
  pendingLabels(transactionId: string): string;
  pendingIndex(): string;
  labelSeen(labelId: string): string;
  /** For applyLabel: the terminal keys with "{id}" in place of the terminal id. */
  terminalFraudsTemplate(): string;
  terminalReportsTemplate(): string;
}

export function keySpace(prefix: string): KeySpace {
  const terminal = (id: string, what: string) => `${prefix}term:${id}:${what}`;
  return {
    txn: (id) => `${prefix}txn:${id}`,
    cardEvents: (token) => `${prefix}card:${token}:ev`,
    terminalEvents: (id) => terminal(id, "ev"),
    terminalFrauds: (id) => terminal(id, "fraud"),
    terminalReports: (id) => terminal(id, "reported"),
    pendingLabels: (id) => `${prefix}pending:${id}`,
    pendingIndex: () => `${prefix}pending-index`,
    labelSeen: (id) => `${prefix}label:${id}`,
    terminalFraudsTemplate: () => terminal("{id}", "fraud"),
    terminalReportsTemplate: () => terminal("{id}", "reported"),
  };
}
