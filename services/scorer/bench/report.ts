import type { LatencyFigures } from "./latency.js";
import type { RedisStats } from "./redis-stats.js";
import type { RunFigures } from "./throughput.js";

export interface BenchReport {
  run: {
    events: number;
    loadRate: number;
    loadSeconds: number;
    cpus: number;
    node: string;
    /** 1-minute load average at start and end: how noisy the shared machine was. */
    loadAverage1m: [number, number];
  };
  produceEventsPerSecond: number;
  passthroughPlain: RunFigures;
  passthroughTransactional: RunFigures;
  scorer: RunFigures;
  /** Server-wide deltas over the scorer's throughput run (shared Redis: an upper bound). */
  redis: RedisStats & { transactions: number };
  /** Mean ms per batch and per event in each pipeline stage over the throughput run. */
  stages: StageSplit;
  /** One phase at the requested rate, one at half the scorer's measured maximum. */
  phases: LoadPhase[];
}

export type StageSplit = Record<string, { msPerBatch: number; usPerEvent: number }>;

export interface LoadPhase {
  latency: LatencyFigures;
  /** The scorer's own fraud_end_to_end_latency_seconds over the load phase: bucket bounds, s. */
  scorerHistogram: { count: number; meanMs: number; p50Le: number; p95Le: number; p99Le: number };
  /** The scorer's fraud_batch_duration_seconds over the load phase (one batch = one partition's fetch). */
  scorerBatches: { count: number; meanMs: number; eventsPerBatch: number };
  stages: StageSplit;
}

const f = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : String(n));

export function formatTable(r: BenchReport): string {
  const rows: [string, string][] = [];
  const add = (k: string, v: string) => rows.push([k, v]);
  add("backlog produced (events/s)", f(r.produceEventsPerSecond, 0));
  for (const [name, x] of [
    ["passthrough plain", r.passthroughPlain],
    ["passthrough transactional", r.passthroughTransactional],
    ["scorer", r.scorer],
  ] as const) {
    add(`${name}: events/s`, `${f(x.eventsPerSecond, 0)}  (${x.events} events in ${f(x.seconds, 2)} s)`);
    add(`${name}: CPU ms/event`, f(x.cpuMsPerEvent, 3));
    add(`${name}: peak RSS MiB`, f(x.peakRssMiB, 0));
  }
  add("ratio scorer / plain passthrough", f(r.scorer.eventsPerSecond / r.passthroughPlain.eventsPerSecond, 3));
  add(
    "ratio scorer / transactional passthrough",
    f(r.scorer.eventsPerSecond / r.passthroughTransactional.eventsPerSecond, 3),
  );
  const tx = r.redis.transactions;
  add("Redis CPU ms/event (server-wide)", f((r.redis.cpuSeconds * 1000) / tx, 3));
  add("EVALSHA calls/event (1.000 = Redis not shared)", f(r.redis.evalshaCalls / tx, 3));
  add("EVALSHA µs/call", f(r.redis.evalshaUsec / Math.max(1, r.redis.evalshaCalls), 1));
  add("EVALSHA µs/event", f(r.redis.evalshaUsec / tx, 1));
  const split = (s: StageSplit) =>
    Object.entries(s)
      .map(([k, v]) => `${k} ${f(v.msPerBatch, 2)} ms (${f(v.usPerEvent, 0)} µs/ev)`)
      .join(", ");
  add("throughput run, per batch by stage", split(r.stages));
  for (const phase of r.phases) {
    const l = phase.latency;
    const at = `at ${f(l.achievedRate, 0)}/s`;
    add(`${at}: offered`, `${l.offered} sent, ${l.matched} decisions matched`);
    add(`${at}: end-to-end ms p50/p95/p99/max`, `${l.p50} / ${l.p95} / ${l.p99} / ${l.max}`);
    const h = phase.scorerHistogram;
    add(
      `${at}: scorer histogram mean ms; p50/p95/p99 ≤ s`,
      `${f(h.meanMs, 1)}; ${h.p50Le} / ${h.p95Le} / ${h.p99Le}  (${h.count} observations)`,
    );
    const b = phase.scorerBatches;
    add(`${at}: batches`, `${b.count}, mean ${f(b.meanMs, 1)} ms, ${f(b.eventsPerBatch, 1)} events/batch`);
    add(`${at}: per batch by stage`, split(phase.stages));
  }
  const width = Math.max(...rows.map(([k]) => k.length));
  const head = `scorer benchmark: ${r.run.events} events, load ${r.run.loadRate}/s for ${r.run.loadSeconds} s, ${r.run.cpus} CPUs, node ${r.run.node}, load average ${r.run.loadAverage1m.map((x) => f(x, 1)).join(" → ")}`;
  return [head, ...rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`)].join("\n");
}

/** One line for the README; numbers rounded so the line stays readable. */
export function formatJson(r: BenchReport): string {
  return JSON.stringify(r, (_k, v) => {
    if (typeof v !== "number" || Number.isInteger(v)) return v;
    return Number.isFinite(v) ? Number(v.toFixed(4)) : String(v);
  });
}
