import type { Clock } from "@fraud/platform";

/**
 * Holds a stream to `rate` records per second on average: record n is due at
 * start + n / rate. It sleeps only when more than `slackMs` ahead, so fast runs do
 * not pay a timer per record. `rate` undefined: as fast as possible.
 */
export function createPacer(
  rate: number | undefined,
  clock: Clock,
  sleep: (ms: number) => Promise<unknown>,
  slackMs = 10,
): (sent: number) => Promise<void> | undefined {
  const start = clock.now();
  return (sent) => {
    if (rate === undefined) return undefined;
    const ahead = start + (sent * 1000) / rate - clock.now();
    return ahead > slackMs ? sleep(ahead).then(() => undefined) : undefined;
  };
}
