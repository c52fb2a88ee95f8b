import type { Clock } from "@fraud/platform";

/**
 * A one-line progress bar on stderr, redrawn with a carriage return at most ~10 times
 * a second. Plain ANSI: no dependency, and off when stderr is not a terminal so logs
 * of CI runs stay readable (a final summary line is printed either way).
 */
export interface Progress {
  tick(done: number): void;
  done(done: number, extra?: string): void;
}

export function createProgress(label: string, total: number | undefined, clock: Clock, out = process.stderr): Progress {
  const start = clock.now();
  let last = 0;
  const tty = Boolean((out as { isTTY?: boolean }).isTTY);
  const line = (n: number) => {
    const secs = Math.max(0.001, (clock.now() - start) / 1000);
    const rate = Math.round(n / secs);
    if (total === undefined || total <= 0) return `${label} ${n} records, ${rate}/s`;
    const share = Math.min(1, n / total);
    const width = 30;
    const filled = Math.round(share * width);
    return `${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${(share * 100).toFixed(1)}% ${n}/${total} ${rate}/s`;
  };
  return {
    tick(n) {
      if (!tty) return;
      const now = clock.now();
      if (now - last < 100) return;
      last = now;
      out.write(`\r\x1b[2K${line(n)}`);
    },
    done(n, extra = "") {
      out.write(`${tty ? "\r\x1b[2K" : ""}${line(n)}${extra ? ` ${extra}` : ""}\n`);
    },
  };
}
