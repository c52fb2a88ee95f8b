import { parseArgs } from "node:util";
import { parseDuration as parseDurationMs } from "@fraud/platform";

/** The demo's command line, parsed once into a plain object (the composition root reads env separately). */
export interface DemoOptions {
  rate: number;
  durationMs: number;
  historyDays: number;
  seed: number;
  cards: number;
  terminals: number;
  keep: boolean;
  topics: "demo" | "standard";
  view: boolean;
  help: boolean;
}

export const DEFAULTS = {
  rate: 200,
  duration: "60s",
  historyDays: 35,
  seed: 7,
  cards: 750,
  terminals: 250,
};

export const USAGE = `Usage: node --import tsx services/demo/src/cli.ts [options]

Runs the real scorer on fresh topics against the running stack (KAFKA_BROKERS,
REDIS_URL), warms it up with simulated history, streams live simulated traffic, shows
a live view and ends with precision/recall against the simulator's ground truth.

  --rate N            live transactions per second (default ${DEFAULTS.rate})
  --duration D        live phase length: 60s, 2m, 90 (seconds) (default ${DEFAULTS.duration})
  --history-days N    warm-up history ending now, in days; 0 skips it (default ${DEFAULTS.historyDays})
  --seed N            simulator seed (default ${DEFAULTS.seed})
  --cards N           cards in the simulated population (default ${DEFAULTS.cards})
  --terminals N       terminals in the simulated population (default ${DEFAULTS.terminals})
  --keep              keep topics, Redis keys and the scorer running at the end
  --topics demo|standard
                      fresh demo-<id>-* topics (default), or the standard topic names
  --no-view           plain status lines instead of the live view
  -h, --help          this text`;

export class UsageError extends Error {}

/** "60s", "2m", "500ms", "1h" or bare seconds → ms. */
export function parseDuration(raw: string): number {
  try {
    return parseDurationMs(raw, "s");
  } catch {
    throw new UsageError(`--duration: cannot read "${raw}" (try 60s, 2m)`);
  }
}

function count(name: string, raw: string, min: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer >= ${min} (got "${raw}")`);
  return n;
}

export function parseOptions(argv: readonly string[]): DemoOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowNegative: true,
      options: {
        rate: { type: "string", default: String(DEFAULTS.rate) },
        duration: { type: "string", default: DEFAULTS.duration },
        "history-days": { type: "string", default: String(DEFAULTS.historyDays) },
        seed: { type: "string", default: String(DEFAULTS.seed) },
        cards: { type: "string", default: String(DEFAULTS.cards) },
        terminals: { type: "string", default: String(DEFAULTS.terminals) },
        keep: { type: "boolean", default: false },
        topics: { type: "string", default: "demo" },
        view: { type: "boolean", default: true },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const rate = Number(values.rate);
  if (!(rate > 0 && rate <= 50_000)) throw new UsageError(`--rate must be in (0, 50000] (got "${values.rate}")`);
  const topics = values.topics as string;
  if (topics !== "demo" && topics !== "standard") throw new UsageError(`--topics must be demo or standard`);
  const durationMs = parseDuration(values.duration as string);
  if (durationMs <= 0) throw new UsageError("--duration must be positive");
  return {
    rate,
    durationMs,
    historyDays: count("history-days", values["history-days"] as string, 0),
    seed: count("seed", values.seed as string, 0),
    cards: count("cards", values.cards as string, 1),
    terminals: count("terminals", values.terminals as string, 1),
    keep: values.keep as boolean,
    topics,
    view: values.view as boolean,
    help: values.help as boolean,
  };
}
