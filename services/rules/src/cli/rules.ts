/**
 * rules backtest RULES_FILE [--from ISO] [--to ISO] [--json] [--examples N] [--idle DURATION]
 *
 * Evaluates a rule file over the `decisions` topic (every scored transaction with its
 * features) and the `labels` topic, with the scorer's own evaluator, and prints per rule:
 * matches, match rate, frauds caught, precision, recall, value caught, overlap with the
 * model's alerts and what it adds. Lists are looked up in Redis as they are now.
 */
import { parseArgs } from "node:util";
import { codecsOptions, createCodecs } from "@fraud/contracts";
import { createKafka, createRedis, FraudError, loadConfig, parseDuration } from "@fraud/platform";
import {
  backtest,
  batchMembership,
  createListStore,
  formatBacktest,
  loadRuleFile,
  transactionOf,
  vocabulary,
} from "@fraud/rules";
import { FEATURE_SET } from "../../../scorer/src/features/index.js";
import { toolSettings } from "../config.js";
import { readHistory } from "../history.js";

const USAGE = "usage: rules backtest RULES_FILE [--from ISO-time] [--to ISO-time] [--json] [--examples N] [--idle 3s]";

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      from: { type: "string" },
      to: { type: "string" },
      json: { type: "boolean", default: false },
      examples: { type: "string", default: "5" },
      idle: { type: "string", default: "3s" },
    },
  });
  const [command, file] = positionals;
  if (command !== "backtest" || !file) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const time = (raw: string | undefined, def: number, name: string) => {
    if (raw === undefined) return def;
    const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(raw) ? `${raw}T00:00:00Z` : raw);
    if (!Number.isFinite(t))
      throw new FraudError(
        "CONFIG_INVALID",
        `--${name} must be an ISO time such as 2026-03-01 or 2026-03-01T12:00:00Z`,
      );
    return t;
  };
  const window = { from: time(values.from, 0, "from"), to: time(values.to, Number.MAX_SAFE_INTEGER, "to") };
  const config = loadConfig(toolSettings);
  const set = loadRuleFile(file, vocabulary(FEATURE_SET.names));
  const codecs = await createCodecs(codecsOptions(config));
  const kafka = createKafka(config);
  const redis = createRedis(config);
  await redis.connect();
  try {
    const history = await readHistory(kafka, codecs, config, window, parseDuration(values.idle, "s"));
    const membership = await batchMembership(
      set,
      createListStore(redis, config.keyPrefix),
      history.decisions.map(transactionOf),
    );
    const report = backtest(set, history.decisions, history.frauds, membership, { examples: Number(values.examples) });
    process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatBacktest(report)}\n`);
    if (history.skipped > 0) process.stderr.write(`${history.skipped} undecodable records skipped\n`);
    return 0;
  } finally {
    await redis.quit();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(
      `${err instanceof FraudError ? err.code : "FRAUD_ERR_UNEXPECTED"}: ${(err as Error).message}\n`,
    );
    process.exit(err instanceof FraudError && (err.is("CONFIG_INVALID") || err.is("RULES_INVALID")) ? 2 : 1);
  },
);
