import type { Logger } from "@fraud/platform";

export interface Step {
  name: string;
  run(): Promise<unknown>;
}

/**
 * Shutdown is a sequence, each step bounded by a timeout because shutdown bugs show up
 * as hung promises: stop fetching (finishes the batch in hand, whose transaction commits
 * its offsets) → flush and close producers → close Redis → close the model → stop HTTP →
 * flush logs. A step that fails or times out is logged and the sequence goes on.
 */
export async function runShutdown(steps: readonly Step[], logger: Logger, timeoutMs: number): Promise<boolean> {
  let clean = true;
  for (const step of steps) {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        step.run(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
      logger.info({ step: step.name }, "shutdown step done");
    } catch (err) {
      clean = false;
      logger.error({ err, step: step.name }, "shutdown step failed");
    } finally {
      clearTimeout(timer);
    }
  }
  return clean;
}
