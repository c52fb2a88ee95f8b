/**
 * One-off decode throughput check (not a test): npx tsx shared/contracts/test/bench-decode.ts
 * Decodes framed transactions (v2 writer and v1 writer → v2 reader; v2 also validated, the
 * scorer's entry point) and alerts, and prints records/s.
 */
import { createCodecs, validateTransaction } from "@fraud/contracts";
import { alert, T0, transaction } from "./fixtures.js";

const codecs = await createCodecs();
const N = 200_000;
const v2 = Array.from({ length: 1000 }, (_, i) =>
  codecs.transaction.encode(transaction({ transaction_id: `tx-${i}`, event_time: T0 + i })),
);
const v1 = v2.map((b) => codecs.transaction.encodeWith(1, codecs.transaction.decode(b)));
const alerts = Array.from({ length: 1000 }, (_, i) => codecs.alert.encode(alert({ transaction_id: `tx-${i}` })));

function measure(name: string, frames: Buffer[], decode: (b: Buffer) => unknown): void {
  for (let i = 0; i < 20_000; i++) decode(frames[i % frames.length]!); // warm up
  const started = performance.now();
  let sink = 0;
  for (let i = 0; i < N; i++) sink += (decode(frames[i % frames.length]!) as object) ? 1 : 0;
  const secs = (performance.now() - started) / 1000;
  console.log(`${name}: ${Math.round(N / secs).toLocaleString("en")} records/s (${sink} decoded)`);
}

measure("transaction v2→v2", v2, (b) => codecs.transaction.decode(b));
measure("transaction v2→v2 + validate (PAN scan, limits)", v2, (b) =>
  validateTransaction(codecs.transaction.decode(b)),
);
measure("transaction v1→v2", v1, (b) => codecs.transaction.decode(b));
measure("alert (2 reasons, 2 features)", alerts, (b) => codecs.alert.decode(b));
measure("transaction encode", v2, (b) => codecs.transaction.encode(transaction({ transaction_id: String(b[7]) })));
