/**
 * The txn index entry, one short string per transaction id fingerprint (times in base 36,
 * to keep the value short: one of these lives per remembered transaction):
 *   known   "<content fp>|<event time ms>|<earliest fraud report ms or empty>|<terminal id>"
 *   parked  "P|<earliest fraud report ms>"  (a fraud label arrived before its transaction)
 * The terminal id comes last so it may contain any character.
 */
export type TxnEntry =
  /** `terminal` is the terminal's fingerprint (what its keys are named by). */
  | { kind: "known"; content: string; t: number; terminal: string; reported?: number }
  | { kind: "parked"; reported: number };

export function encodeEntry(e: TxnEntry): string {
  if (e.kind === "parked") return `P|${e.reported.toString(36)}`;
  return `${e.content}|${e.t.toString(36)}|${e.reported?.toString(36) ?? ""}|${e.terminal}`;
}

export function decodeEntry(s: string): TxnEntry {
  if (s.startsWith("P|")) return { kind: "parked", reported: parseInt(s.slice(2), 36) };
  const a = s.indexOf("|");
  const b = s.indexOf("|", a + 1);
  const c = s.indexOf("|", b + 1);
  if (a < 0 || b < 0 || c < 0) throw new Error(`malformed txn index entry (${s.length} chars)`);
  const reported = s.slice(b + 1, c);
  return {
    kind: "known",
    content: s.slice(0, a),
    t: parseInt(s.slice(a + 1, b), 36),
    terminal: s.slice(c + 1),
    ...(reported === "" ? {} : { reported: parseInt(reported, 36) }),
  };
}
