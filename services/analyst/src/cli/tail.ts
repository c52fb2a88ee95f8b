/**
 * Composition root of the tail CLI: the only place that reads argv, the environment,
 * signals and the terminal. Results go to stdout; problems to stderr. See --help.
 */
import { codecsOptions, createCodecs } from "@fraud/contracts";
import {
  checkBrokersReachable,
  createKafka,
  createLogger,
  exitWithOneLine,
  FraudError,
  loadConfig,
  maskPans,
  streamWriter,
} from "@fraud/platform";
import { analystSettings } from "../config.js";
import { COLOURS, PLAIN, useColour } from "../format/colour.js";
import { formatAlert, formatDecision, formatJson } from "../format/line.js";
import { openKafkaSource } from "../read/kafka-source.js";
import { runTail, type TailRecord } from "../tail.js";
import { helpText, parseTailArgs } from "./args.js";

exitWithOneLine("analyst tail");
const parsed = parseTailArgs(process.argv.slice(2));
if ("help" in parsed) {
  process.stdout.write(helpText());
  process.exit(0);
}
if ("error" in parsed) {
  process.stderr.write(`error: ${parsed.error}\n(see --help)\n`);
  process.exit(2);
}
const args = parsed.args;

let config: ReturnType<typeof loadConfig<typeof analystSettings>>;
try {
  config = loadConfig(analystSettings);
} catch (e) {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(2);
}

const stop = new AbortController();
let signalled: NodeJS.Signals | undefined;
const onSignal = (sig: NodeJS.Signals) => {
  if (signalled) process.exit(130); // a second Ctrl-C: the user wants out now
  signalled = sig;
  stop.abort();
};
process.on("SIGINT", onSignal);
process.on("SIGTERM", onSignal);
// `tail ... | head` closes our stdout: that is the reader saying "enough", not an error.
const writeOut = streamWriter(() => stop.abort());

const palette = !args.json && useColour(process.stdout.isTTY, process.env) ? COLOURS : PLAIN;
const render = args.json
  ? formatJson
  : args.kind === "alert"
    ? (r: TailRecord) => formatAlert(r as never, palette)
    : (r: TailRecord) => formatDecision(r as never, palette);
const topic = args.kind === "alert" ? config.alerts : config.decisions;
const topicEnv = args.kind === "alert" ? analystSettings.alerts.env : analystSettings.decisions.env;

try {
  await checkBrokersReachable(config.brokers);
  // kafkajs' retry logs are silenced: a failure ends with one line (below).
  const logger = createLogger({ level: "fatal", service: "analyst-tail", destination: process.stderr });
  const kafka = createKafka(config, logger);
  const codecs = await createCodecs(codecsOptions(config));
  const source = await openKafkaSource({ kafka, topic, topicEnv, from: args.from, stopTimeoutMs: 5000 });
  const result = await runTail({
    source,
    codecs,
    kind: args.kind,
    filter: args.filter,
    render,
    write: writeOut,
    onBadRecord: (where, err) => {
      const code = err instanceof FraudError ? `${err.code}: ` : "";
      process.stderr.write(
        `skipped undecodable ${args.kind} at ${where.topic}/${where.partition}/${where.offset}: ${code}${maskPans(String((err as Error)?.message ?? err))}\n`,
      );
    },
    limit: args.limit,
    idleMs: args.idleMs,
    signal: stop.signal,
    onStarted: () => {
      const start = args.from.kind === "time" ? new Date(args.from.at).toISOString() : args.from.kind;
      process.stderr.write(`tailing ${topic} from ${start}${args.limit ? `, at most ${args.limit}` : ""}\n`);
    },
  });
  if (result.bad > 0) process.stderr.write(`${result.bad} undecodable record(s) skipped\n`);
} catch (e) {
  const code = e instanceof FraudError ? `${e.code}: ` : "";
  process.stderr.write(`error: ${code}${maskPans((e as Error).message)}\n`);
  process.exitCode = 1;
}

// Let stdout drain (it is asynchronous when it is a pipe to a slow reader), then go.
await new Promise<void>((resolve) => process.stdout.write("", () => resolve()));
if (signalled) {
  process.removeAllListeners(signalled);
  process.kill(process.pid, signalled); // exit "by the signal", as shells expect of Ctrl-C
} else {
  process.exit();
}
