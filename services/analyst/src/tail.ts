/**
 * The tail, as a story: read a batch → decode each record → keep what the filter
 * selects → render → write. It ends at the limit, after `idleMs` without any new
 * record (filtered-out and undecodable ones count as activity: the topic is not idle),
 * when `signal` aborts, or when the source fails. A record that cannot be decoded is
 * reported and skipped; it never stops the tail.
 */
import type { Alert, Codecs, Decision } from "@fraud/contracts";
import { type Filter, matches } from "./filter/filter.js";
import type { RawRecord, RecordSource } from "./read/source.js";

export type TailKind = "alert" | "decision";
export type TailRecord = Alert | Decision;

export interface TailOptions {
  source: RecordSource;
  codecs: Codecs;
  kind: TailKind;
  filter: Filter;
  render(record: TailRecord): string;
  /** Receives each rendered record with its trailing newline. */
  /** May return a promise: the next record waits for it (stdout backpressure). */
  write(text: string): void | Promise<void>;
  onBadRecord(where: RawRecord, err: unknown): void;
  /** Stop after this many written records. */
  limit?: number;
  /** Stop after this long with no record read, counted from the start. */
  idleMs?: number;
  signal?: AbortSignal;
  /** Called once records can flow (start offsets set); lets a human or a script know when "now" is. */
  onStarted?(): void;
  /** Milliseconds since some fixed point; injected so tests control the idle clock. */
  now?: () => number;
  /** How often the idle clock is looked at. */
  idleCheckMs?: number;
}

export type TailEnd = "limit" | "idle" | "aborted";

export interface TailResult {
  end: TailEnd;
  read: number;
  written: number;
  bad: number;
}

export async function runTail(o: TailOptions): Promise<TailResult> {
  const now = o.now ?? (() => performance.now());
  const codec = o.kind === "alert" ? o.codecs.alert : o.codecs.decision;
  const counts = { read: 0, written: 0, bad: 0 };
  let finish!: (end: TailEnd) => void;
  const ended = new Promise<TailEnd>((resolve) => {
    finish = resolve;
  });
  let done = false;
  const end = (why: TailEnd) => {
    if (!done) {
      done = true;
      finish(why);
    }
  };
  if (o.limit === 0) end("limit");
  if (o.signal?.aborted) end("aborted");
  o.signal?.addEventListener("abort", () => end("aborted"), { once: true });

  let lastActivity = now();
  const onBatch = async (records: RawRecord[]) => {
    if (done || records.length === 0) return;
    lastActivity = now();
    await o.codecs.prepare(records.map((r) => r.value));
    for (const raw of records) {
      if (done) return;
      counts.read++;
      let record: TailRecord;
      try {
        record = codec.decode(raw.value);
      } catch (err) {
        counts.bad++;
        o.onBadRecord(raw, err);
        continue;
      }
      if (!matches(record, o.filter)) continue;
      await o.write(`${o.render(record)}\n`);
      counts.written++;
      if (o.limit !== undefined && counts.written >= o.limit) end("limit");
    }
  };

  let timer: NodeJS.Timeout | undefined;
  try {
    if (!done) {
      const started = o.source.start(onBatch);
      started.catch(() => undefined); // if we end before it settles, its failure no longer matters
      await Promise.race([started, o.source.failed, ended]);
      if (!done) o.onStarted?.();
    }
    lastActivity = now();
    if (o.idleMs !== undefined) {
      const idleMs = o.idleMs;
      timer = setInterval(() => {
        if (now() - lastActivity >= idleMs) end("idle");
      }, o.idleCheckMs ?? Math.min(250, idleMs));
    }
    const why = await Promise.race([ended, o.source.failed]);
    return { end: why, ...counts };
  } finally {
    done = true;
    if (timer) clearInterval(timer);
    await o.source.stop();
  }
}
