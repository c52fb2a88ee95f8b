/**
 * What a parity run must undo (scorer process, topics, Redis keys), run in reverse
 * order of creation exactly once: from the run's own `finally`, or earlier from a signal
 * or the global deadline, whichever comes first. Each step is bounded, because a hung
 * close would otherwise keep the process (and the scorer) alive.
 */
export interface Cleanup {
  /** Registers a step; the returned function unregisters it (the resource is gone). */
  add(what: string, fn: () => Promise<unknown> | unknown): () => void;
  /** Runs every registered step once; later calls wait for the first. Never rejects. */
  run(): Promise<string[]>;
}

const STEP_TIMEOUT_MS = 30_000;

export function createCleanup(): Cleanup {
  const steps: Array<{ what: string; fn: () => Promise<unknown> | unknown }> = [];
  let running: Promise<string[]> | undefined;
  return {
    add(what, fn) {
      const step = { what, fn };
      steps.push(step);
      return () => {
        const i = steps.indexOf(step);
        if (i >= 0) steps.splice(i, 1);
      };
    },
    run() {
      running ??= (async () => {
        const failures: string[] = [];
        for (const step of steps.splice(0).reverse()) {
          let timer: NodeJS.Timeout | undefined;
          const timeout = new Promise<never>((_, fail) => {
            timer = setTimeout(() => fail(new Error(`timed out after ${STEP_TIMEOUT_MS} ms`)), STEP_TIMEOUT_MS);
          });
          try {
            await Promise.race([Promise.resolve().then(step.fn), timeout]);
          } catch (err) {
            failures.push(`${step.what}: ${(err as Error).message}`);
          } finally {
            clearTimeout(timer);
          }
        }
        return failures;
      })();
      return running;
    },
  };
}
