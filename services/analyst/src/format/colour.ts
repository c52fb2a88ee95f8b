/**
 * ANSI colours for the readable output. Only for a human at a terminal: when stdout is
 * piped or NO_COLOR is set to anything non-empty (no-color.org), every function is the
 * identity, so scripts and tests see plain text.
 */
export interface Palette {
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
  bold(s: string): string;
  dim(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
const same = (s: string) => s;

export const COLOURS: Palette = {
  red: wrap(31, 39),
  yellow: wrap(33, 39),
  green: wrap(32, 39),
  bold: wrap(1, 22),
  dim: wrap(2, 22),
};

export const PLAIN: Palette = { red: same, yellow: same, green: same, bold: same, dim: same };

export function useColour(isTty: boolean | undefined, env: NodeJS.ProcessEnv): boolean {
  return isTty === true && !env.NO_COLOR;
}
