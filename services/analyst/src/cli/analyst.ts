/**
 * Composition root of `analyst show|label|queue`: the console's desk (@fraud/cases) from
 * a terminal. It reads the topics from their beginning until caught up (the same index
 * the console keeps), answers, and exits. See --help.
 */
import { casesSettings, isFraud, opened } from "@fraud/cases";
import { createLogger, FraudError, loadConfig, maskPans, systemClock } from "@fraud/platform";
import { DESK_HELP, parseDeskArgs } from "./desk-args.js";
import { formatCase, formatQueueRow } from "./desk-format.js";

const parsed = parseDeskArgs(process.argv.slice(2));
if ("help" in parsed) {
  process.stdout.write(DESK_HELP);
  process.exit(0);
}
if ("error" in parsed) {
  process.stderr.write(`error: ${parsed.error}\n(see --help)\n`);
  process.exit(2);
}
const command = parsed.ok;

let config: ReturnType<typeof loadConfig<typeof casesSettings>>;
try {
  config = loadConfig(casesSettings);
} catch (e) {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(2);
}

const logger = createLogger({ level: "warn", service: "analyst", destination: process.stderr });
let desk: Awaited<ReturnType<typeof opened>> | undefined;
try {
  desk = await opened(config, systemClock, logger);
  await Promise.race([desk.feed.caughtUp, desk.feed.failed]);
  const d = desk.desk;
  const fraudOf = (id: string) => isFraud(d.index.labelsOf(id));
  if (command.cmd === "queue") {
    const { rows, counts } = await d.queue(command.filter);
    if (command.json) for (const r of rows) process.stdout.write(`${JSON.stringify({ ...r.alert, case: r.state })}\n`);
    else {
      for (const r of rows) process.stdout.write(`${formatQueueRow(r)}\n`);
      process.stderr.write(`open ${counts.open}, in review ${counts.in_review}, resolved ${counts.resolved}\n`);
    }
  } else if (command.cmd === "show") {
    const v = await d.show(command.txid);
    if (!v.alert && !v.decision && v.labels.length === 0) {
      throw new FraudError("CASE_UNKNOWN_TRANSACTION", `nothing indexed for transaction ${command.txid}`);
    }
    process.stdout.write(command.json ? `${JSON.stringify(v)}\n` : formatCase(v, fraudOf));
  } else {
    const r = await d.label(command.txid, command.verdict, command.who, command.note);
    process.stdout.write(
      `${r.published ? "published" : "already published"} ${command.verdict} label ${r.labelId} for ${command.txid} (case ${r.state.status}, by ${command.who})\n`,
    );
  }
} catch (e) {
  const code = e instanceof FraudError ? `${e.code}: ` : "";
  process.stderr.write(`error: ${code}${maskPans((e as Error).message)}\n`);
  process.exitCode = e instanceof FraudError && e.code === "FRAUD_ERR_CASE_UNKNOWN_TRANSACTION" ? 3 : 1;
} finally {
  await desk?.close();
}
await new Promise<void>((resolve) => process.stdout.write("", () => resolve()));
process.exit();
