/**
 * lists add LIST VALUE --reason WHY [--by WHO]
 * lists remove LIST VALUE --reason WHY [--by WHO]
 * lists show LIST [--audit N]
 *
 * Block and allow lists in Redis (shared/rules/src/lists.ts); every change records who,
 * when and why in the audit stream. The scorer looks lists up on every batch, so a
 * change applies to the next transaction scored.
 */
import { userInfo } from "node:os";
import { parseArgs } from "node:util";
import { createRedis, FraudError, loadConfig, systemClock } from "@fraud/platform";
import { createListStore } from "@fraud/rules";
import { toolSettings } from "../config.js";

const USAGE = `usage:
  lists add LIST VALUE --reason WHY [--by WHO]
  lists remove LIST VALUE --reason WHY [--by WHO]
  lists show LIST [--audit N]`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { reason: { type: "string" }, by: { type: "string" }, audit: { type: "string", default: "10" } },
  });
  const [command, list, value] = positionals;
  const change = command === "add" || command === "remove";
  if (!list || (change && (!value || !values.reason)) || (!change && command !== "show")) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const config = loadConfig(toolSettings);
  const redis = createRedis(config);
  await redis.connect();
  try {
    const lists = createListStore(redis, config.keyPrefix);
    if (change) {
      const by = values.by ?? userInfo().username;
      const changed = await lists.change(command, list, value as string, {
        by,
        reason: values.reason as string,
        at: systemClock.now(),
      });
      process.stdout.write(
        `${command === "add" ? "added" : "removed"} ${value} ${command === "add" ? "to" : "from"} ${list}${changed ? "" : " (no change: it already was)"}; recorded for ${by}\n`,
      );
      return 0;
    }
    const members = await lists.members(list);
    process.stdout.write(`${list}: ${members.length} member(s)\n${members.map((m) => `  ${m}\n`).join("")}`);
    const audit = await lists.audit(Number(values.audit), list);
    process.stdout.write(`last ${audit.length} change(s):\n`);
    for (const a of audit) {
      process.stdout.write(
        `  ${new Date(a.at).toISOString()}  ${a.action.padEnd(6)}  ${a.value}  by ${a.by}: ${a.reason}\n`,
      );
    }
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
    process.exit(err instanceof FraudError && (err.is("CONFIG_INVALID") || err.is("LISTS_INVALID")) ? 2 : 1);
  },
);
