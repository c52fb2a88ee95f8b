import { cpuSeconds, peakRssMiB } from "./proc.js";
import type { Watcher } from "./watch.js";

export interface RunFigures {
  /** Records that became visible inside the timed window. */
  events: number;
  seconds: number;
  eventsPerSecond: number;
  cpuSeconds: number;
  cpuMsPerEvent: number;
  peakRssMiB: number;
}

/**
 * Times a process draining a backlog, as seen by a read_committed reader of its output:
 * from the first visible batch to the moment `total` records are visible. Starting at
 * the first output leaves process start-up, group join and model loading out of both
 * the time and the CPU, for the scorer and the passthrough alike; the events counted
 * are those that appeared inside that window. CPU is sampled from /proc at the same two
 * instants, inside the reader's callback.
 */
export async function timeDrain(pid: number, watcher: Watcher, total: number, stallMs: number): Promise<RunFigures> {
  const target = watcher.count + total;
  let start: { at: number; count: number; cpu: number } | undefined;
  let end: { at: number; cpu: number; rss: number } | undefined;
  watcher.listen((_keys, at) => {
    if (!start) start = { at, count: watcher.count, cpu: cpuSeconds(pid) };
    if (!end && watcher.count >= target) end = { at, cpu: cpuSeconds(pid), rss: peakRssMiB(pid) };
  });
  try {
    await watcher.waitFor(target, stallMs);
  } finally {
    watcher.listen(undefined);
  }
  if (!start || !end) throw new Error("drain finished without samples");
  const events = target - start.count;
  const seconds = (end.at - start.at) / 1000;
  const cpu = end.cpu - start.cpu;
  return {
    events,
    seconds,
    eventsPerSecond: seconds > 0 ? events / seconds : Number.NaN,
    cpuSeconds: cpu,
    cpuMsPerEvent: events > 0 ? (cpu * 1000) / events : Number.NaN,
    peakRssMiB: end.rss,
  };
}
