import { type ParseArgsConfig, parseArgs } from "node:util";
import { parseDuration as parseDurationMs } from "@fraud/platform";

/** One option of a CLI: its parseArgs shape plus the line `--help` prints. */
export interface Option {
  type: "string" | "boolean";
  doc: string;
  default?: string | boolean;
  short?: string;
}

export function parseCli<O extends Record<string, Option>>(
  usage: string,
  options: O,
  argv = process.argv.slice(2),
): { [K in keyof O]: O[K]["type"] extends "boolean" ? boolean : string } {
  const all = { ...options, help: { type: "boolean", doc: "Show this help.", short: "h" } } as Record<string, Option>;
  const config: ParseArgsConfig["options"] = {};
  for (const [name, o] of Object.entries(all)) {
    config[name] = {
      type: o.type,
      ...(o.short ? { short: o.short } : {}),
      ...(o.default === undefined ? {} : { default: o.default }),
    };
  }
  let values: Record<string, unknown>;
  try {
    values = parseArgs({ args: argv, options: config, strict: true, allowPositionals: false }).values;
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${help(usage, all)}`);
    process.exit(2);
  }
  if (values.help) {
    process.stdout.write(help(usage, all));
    process.exit(0);
  }
  return values as never;
}

function help(usage: string, options: Record<string, Option>): string {
  const rows = Object.entries(options).map(([name, o]) => {
    const flag = `--${name}${o.type === "string" ? " <v>" : ""}`;
    const def = o.default === undefined || o.default === false ? "" : ` (default ${o.default})`;
    return `  ${flag.padEnd(24)} ${o.doc}${def}`;
  });
  return `${usage}\n\nOptions:\n${rows.join("\n")}\n`;
}

/** Fail a CLI with a message naming what to fix; exit status 2 for usage errors. */
export function usageError(message: string): never {
  process.stderr.write(`error: ${message}\n`);
  process.exit(2);
}

export function positiveNumber(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) usageError(`--${name} must be a positive number, got ${JSON.stringify(raw)}`);
  return n;
}

/** "90s", "5m", "2h", "1500ms" or plain seconds → milliseconds. */
export function parseDuration(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  try {
    return parseDurationMs(raw, "s");
  } catch {
    usageError(`--${name} must look like 60s, 5m, 2h or 1500ms, got ${JSON.stringify(raw)}`);
  }
}

export function parseDate(name: string, raw: string): number {
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(raw) ? `${raw}T00:00:00Z` : raw);
  if (!Number.isFinite(t)) usageError(`--${name} must be a date like 2026-01-01, got ${JSON.stringify(raw)}`);
  return t;
}

export function positiveInt(name: string, raw: string | undefined): number | undefined {
  const n = positiveNumber(name, raw);
  if (n !== undefined && !Number.isInteger(n))
    usageError(`--${name} must be a whole number, got ${JSON.stringify(raw)}`);
  return n;
}
