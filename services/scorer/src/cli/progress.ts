/**
 * A progress line for long CLI runs: done/total, rate and ETA, rewritten in place on a
 * terminal (at most every 500 ms), one line every 10 s otherwise (logs stay readable).
 */
export function createProgress(total: number, write: (s: string) => void, isTty = process.stderr.isTTY === true) {
  const started = Date.now();
  let done = 0;
  let last = 0;
  const line = () => {
    const secs = Math.max((Date.now() - started) / 1000, 1e-3);
    const rate = done / secs;
    const eta = rate > 0 ? (total - done) / rate : Number.POSITIVE_INFINITY;
    const pct = total > 0 ? ((100 * done) / total).toFixed(1) : "100.0";
    return `${done}/${total} rows (${pct} %), ${Math.round(rate)}/s, ETA ${Number.isFinite(eta) ? `${Math.ceil(eta)} s` : "?"}`;
  };
  return {
    advance(n: number) {
      done += n;
      const now = Date.now();
      if (now - last < (isTty ? 500 : 10_000)) return;
      last = now;
      write(isTty ? `\r${line()}\u001b[K` : `${line()}\n`);
    },
    done() {
      if (isTty && last > 0) write("\n");
    },
  };
}
