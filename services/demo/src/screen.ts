import { redraw, renderFrame, type Snapshot, statusLine } from "./view.js";

/**
 * Draws snapshots: redrawn in place ~2x/s on a terminal, or one status line every 5 s
 * when stdout is a pipe/file or the view is off (logs stay readable).
 */
export interface Screen {
  /** Draws once more now (e.g. the last frame) and stops the timer. */
  stop(): void;
  /** Prints a plain message above (TTY: it scrolls with the frame) or as a line. */
  say(text: string): void;
}

export function startScreen(snapshot: () => Snapshot, o: { live: boolean; out?: NodeJS.WriteStream }): Screen {
  const out = o.out ?? process.stdout;
  const live = o.live && Boolean(out.isTTY);
  const messages: string[] = [];
  const draw = () => {
    const s = snapshot();
    if (live) {
      out.write(redraw([...renderFrame(s, out.columns || 100), "", ...messages.slice(-4)]));
    } else out.write(`${statusLine(s)}\n`);
  };
  if (live) out.write("\x1b[2J\x1b[?25l");
  const timer = setInterval(draw, live ? 500 : 5000);
  return {
    stop() {
      clearInterval(timer);
      draw();
      if (live) out.write("\x1b[?25h");
    },
    say(text) {
      if (live) messages.push(text);
      else out.write(`${text}\n`);
    },
  };
}
