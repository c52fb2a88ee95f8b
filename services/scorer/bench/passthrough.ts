import { spawnTs } from "./child.js";
import type { Resources } from "./resources.js";
import { type RunFigures, timeDrain } from "./throughput.js";
import { watchTopic } from "./watch.js";

export type PassthroughMode = "plain" | "transactional";

/** Runs passthrough-worker.ts over `input` into a fresh topic and times it draining `events`. */
export async function runPassthrough(
  res: Resources,
  brokers: string[],
  input: string,
  events: number,
  mode: PassthroughMode,
): Promise<RunFigures> {
  const output = res.name(`pt-${mode}-out`);
  const group = res.name(`pt-${mode}`);
  await res.createTopics({ [output]: 12 });
  const watcher = await watchTopic(res.kafka, output, res.name(`pt-${mode}-reader`));
  res.onCleanup(`stop reader of ${output}`, () => watcher.stop());
  const worker = spawnTs("services/scorer/bench/passthrough-worker.ts", {
    PT_BROKERS: brokers.join(","),
    PT_INPUT: input,
    PT_OUTPUT: output,
    PT_GROUP: group,
    PT_MODE: mode,
    PT_TXN_PREFIX: res.name(`pt-${mode}-tx`),
  });
  res.onCleanup(`stop passthrough ${mode}`, () => worker.stop());
  try {
    // A worker that dies would otherwise look like a stall.
    const drained = timeDrain(worker.pid, watcher, events, 60_000);
    drained.catch(() => undefined);
    return await Promise.race([drained, worker.death]);
  } finally {
    await worker.stop();
    await watcher.stop();
  }
}
